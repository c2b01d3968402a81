"""argparse's refusals (a required option missing, `--year abc`) with a Vietnamese first line,
argparse's own English after it, and exit status 2. Free of Django: the pure `classify` and
`standards` commands use it too."""

import argparse
import sys

BAD_INPUT = 2


def explain(message: str) -> str:
    """argparse's message in Vietnamese, as far as its usual forms go."""
    if message.startswith("the following arguments are required:"):
        return "thiếu " + message.split(":", 1)[1].strip()
    if "invalid int value" in message:
        return f"{message.split(':', 1)[0].removeprefix('argument ')} phải là một số nguyên"
    if message.startswith("unrecognized arguments:"):
        return "không hiểu " + message.split(":", 1)[1].strip()
    if "invalid choice" in message:
        return f"{message.split(':', 1)[0].removeprefix('argument ')} không có giá trị này"
    return "xem cách dùng dưới đây"


class VietnameseErrors:
    """Mixed into an argparse parser class before it."""

    def error(self, message: str):
        sys.stderr.write(f"Lỗi: tham số không hợp lệ ({explain(message)}).\n")
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(BAD_INPUT)


class ArgumentParser(VietnameseErrors, argparse.ArgumentParser):
    pass
