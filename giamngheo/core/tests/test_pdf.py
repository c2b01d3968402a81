import shutil
import subprocess

import pytest

from giamngheo.core.pdf import render_pdf


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_print_template_keeps_vietnamese_text(tmp_path):
    content = render_pdf("core/tests/sample_print.html", {"name": "Nguyễn Thị Ửng", "count": 1234})
    path = tmp_path / "sample.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "Nguyễn Thị Ửng" in text
    assert "HỘ NGHÈO" in text
    assert "1.234" in text
