"""Static files: compressed, fingerprinted names once `collectstatic` has written its manifest."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage; before any `collectstatic` (a checkout, the tests) it
    links the plain names, which WhiteNoise then serves from the apps' folders. `giamngheo
    serve` refuses to start without the manifest, so production always gets hashed names."""

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
