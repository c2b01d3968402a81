"""Logging out also clears what the browser keeps for the offline field app (the village
collaborator's downloaded households and unsent surveys): `Clear-Site-Data`."""

import functools


def clears_device_copy(view):
    """Logging out wipes the field app's downloaded households and cache from the browser."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return wrapped
