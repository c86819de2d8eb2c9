"""What the URL tests (check_fetch.py, check_fetch_images.py) share: a
threaded HTTP server for 127.0.0.1, a check that counts failures, and a
galley run with no proxy between galley and that server."""
import http.server
import os
import subprocess
import sys


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # galley hanging up on a body past its limit is what is tested.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


_failures = 0


def check(ok, what, detail=""):
    global _failures
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": " + detail))
    if not ok:
        _failures += 1


def failures():
    return _failures


def run(galley, *args):
    env = dict(os.environ)
    # Nothing between galley and the test's server.
    for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        env.pop(k, None)
    env["NO_PROXY"] = env["no_proxy"] = "*"
    return subprocess.run([galley, *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=120)
