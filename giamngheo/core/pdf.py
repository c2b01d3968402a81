"""PDF documents rendered from Django templates with WeasyPrint.

Print templates extend `core/print/base.html` (A4, DejaVu fonts that carry every
Vietnamese diacritic). WeasyPrint is imported lazily: it loads Pango, which the
registry pages never need.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string

PDF = "application/pdf"


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a print template to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=None).write_pdf()


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A PDF as a download (or shown in the browser when `inline`)."""
    response = HttpResponse(content, content_type=PDF)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
