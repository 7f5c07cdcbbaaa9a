#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal and answers its prompts, for tests.

Usage: pty_answer.py -- COMMAND [ARGS...]

PTY_ANSWERS (environment) is a JSON list of [expect, answer] pairs: once the text `expect`
has appeared in the output (after the previous match), `answer` is typed. An answer is sent
as given ("\\r" for Enter, "\\x1b" for Esc, "\\x03" for Ctrl-C). PTY_TIMEOUT (seconds,
default 20) bounds the whole run. Everything the command wrote goes to stdout; the exit code
is the command's (128 + signal when killed), or 124 when the time ran out or an expected text
never came (what was missing is said on stderr).
"""
import json
import os
import pty
import select
import signal
import sys
import termios
import time


def settle(fd, deadline):
    """Waits (bounded: 2 s at most) until the program has taken the terminal out of plain
    echoing line mode, as a prompt library does before it reads: typed ahead of that, an
    answer would be echoed by the terminal itself (a hidden key shown in clear) or read in
    the wrong mode. A program that reads plain lines never does, and gets its answer after
    the bound."""
    until = min(deadline, time.monotonic() + 2)
    while time.monotonic() < until:
        lflag = termios.tcgetattr(fd)[3]
        if not (lflag & termios.ECHO) or not (lflag & termios.ICANON):
            return
        time.sleep(0.01)


def main():
    argv = sys.argv[sys.argv.index("--") + 1:]
    answers = json.loads(os.environ.get("PTY_ANSWERS", "[]"))
    deadline = time.monotonic() + float(os.environ.get("PTY_TIMEOUT", "20"))
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = os.environ.get("PTY_TERM", "xterm")
        os.execvp(argv[0], argv)
    out = b""
    seen = 0
    pending = list(answers)
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.05))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        while pending:
            expect = pending[0][0].encode()
            at = out.find(expect, seen)
            if at < 0:
                break
            seen = at + len(expect)
            settle(fd, deadline)
            os.write(fd, pending.pop(0)[1].encode())
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    if timed_out or pending:
        missing = pending[0][0] if pending else "(the end)"
        sys.stderr.write(f"pty_answer: waited in vain for {missing!r}\n")
        sys.exit(124)
    if os.WIFSIGNALED(status):
        sys.exit(128 + os.WTERMSIG(status))
    sys.exit(os.WEXITSTATUS(status))


if __name__ == "__main__":
    main()
