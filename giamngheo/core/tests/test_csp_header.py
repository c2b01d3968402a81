"""Every page carries the Content Security Policy; no template holds an inline script."""

from pathlib import Path

from django.urls import reverse

import giamngheo


def test_pages_carry_a_policy_without_inline_script(client, db):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in Path(giamngheo.__file__).parent.rglob("templates/**/*.html"):
        text = template.read_text()
        for needle in (
            "<script>",
            "onclick=",
            "onchange=",
            "onsubmit=",
            "oninput=",
            "onload=",
            "javascript:",
        ):
            if needle in text:
                offenders.append(f"{template.name}: {needle}")
        for line in text.splitlines():
            if "<script" in line and "src=" not in line:
                offenders.append(f"{template.name}: {line.strip()}")
    assert offenders == []
