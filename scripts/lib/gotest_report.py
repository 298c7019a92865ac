"""Turns `go test -json` into go test's usual terse output, plus counts.

Reads the event stream on stdin and prints what plain `go test` would: build
errors, the output of failing and unfinished tests, the skip reasons, and the per-package
`ok`/`FAIL` lines, in the order they arrive. Passing tests stay quiet. The
counts (top-level tests and subtests alike) go to the file named by the first
argument as "passed failed skipped", for test.sh's closing summary. Anything
that is not a JSON event (a panic in the go command, say) is printed as is.
"""

import json
import sys


def main() -> None:
    counts_path = sys.argv[1]
    counts = {"pass": 0, "fail": 0, "skip": 0}
    pending = {}  # (package, test) -> output lines held until the test ends

    def out(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    def flush_unfinished(package) -> None:
        # Tests still pending when their package reports (the binary panicked
        # or timed out): their output is the evidence, so it must not vanish.
        for key in [k for k in pending if package is None or k[0] == package]:
            lines = pending.pop(key)
            if lines:
                out(f"--- unfinished: {key[1]} in {key[0]}\n" + "".join(lines))

    for line in sys.stdin:
        try:
            event = json.loads(line)
            action = event.get("Action")
        except (ValueError, AttributeError):
            out(line)
            continue
        package, test = event.get("Package", ""), event.get("Test")
        text = event.get("Output", "")
        if action == "build-output":
            out(text)
        elif test is None:
            # Package level: go test's own summary lines, panics, race reports.
            if action == "output" and text.strip() not in ("PASS", "FAIL"):
                if text.startswith(("ok", "FAIL")):
                    flush_unfinished(package)
                out(text)
        elif action == "output":
            pending.setdefault((package, test), []).append(text)
        elif action in counts:
            counts[action] += 1
            lines = pending.pop((package, test), [])
            if action == "fail":
                out("".join(lines))
            elif action == "skip" and "/" not in test:
                out("".join(line for line in lines if not line.startswith("=== ")))
    flush_unfinished(None)
    with open(counts_path, "w", encoding="utf-8") as f:
        f.write(f"{counts['pass']} {counts['fail']} {counts['skip']}\n")


if __name__ == "__main__":
    main()
