"""Train the bot when its inputs changed, and run the whole stack.

    python scripts/stack.py train          # train only if inputs changed
    python scripts/stack.py run            # action server + Rasa + site, Ctrl-C stops all

Used by `make run` and by the tests (``Stack`` is a context manager). Every
server listens on 127.0.0.1 only. Rasa runs without `--enable-api` (no HTTP API
at all, so nothing to protect with a token) and CORS allows the site's origin only.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "chatbot"
MODELS = Path(os.environ.get("BVMT_MODELS_DIR") or ROOT / "models")  # separate dirs let trainings run side by side
MODEL = MODELS / "current.tar.gz"
FINGERPRINT = MODELS / "current.fingerprint"
TRAINING_LOG = MODELS / "current.training.json"  # how long the last full training took
RUN_DIR = ROOT / ".run"

# Everything a trained model depends on.
TRAINING_INPUTS = [
    BOT / "config.yml",
    BOT / "domain",
    BOT / "data",
    BOT / "components",
    BOT / "generated" / "answers.json",  # read by the NLU components (abbreviations, answer texts)
    ROOT / "scripts" / "bvmt" / "text.py",
    ROOT / "scripts" / "bvmt" / "segment.py",
]


def bin_path(name: str) -> str:
    """An executable of the running interpreter's environment."""
    return str(Path(sys.executable).parent / name)


def inputs_fingerprint() -> str:
    digest = hashlib.sha256()
    for base in TRAINING_INPUTS:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def bot_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(BOT), str(ROOT / "scripts"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env.update(extra or {})
    return env


def train_if_changed(force: bool = False) -> bool:
    """Train when the inputs' fingerprint differs from the current model's. Returns True if trained."""
    fingerprint = inputs_fingerprint()
    if not force and MODEL.is_file() and FINGERPRINT.is_file() and FINGERPRINT.read_text().strip() == fingerprint:
        print(f"Mô hình đã khớp dữ liệu huấn luyện, không cần huấn luyện lại ({MODEL}).")
        return False
    MODELS.mkdir(exist_ok=True)
    print("Đang huấn luyện mô hình (khoảng 2–4 phút trên 2 nhân)...", flush=True)
    started = time.time()
    subprocess.run(
        [bin_path("rasa"), "train", "--config", "config.yml", "--domain", "domain", "--data", "data",
         "--out", str(MODELS), "--fixed-model-name", "current", "--force"],
        cwd=BOT, env=bot_env(), check=True,
    )
    seconds = time.time() - started
    FINGERPRINT.write_text(fingerprint + "\n")
    TRAINING_LOG.write_text(json.dumps({"seconds": round(seconds, 1), "cpus": os.cpu_count(),
                                        "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}) + "\n")
    print(f"Huấn luyện xong sau {seconds:.0f} giây: {MODEL}")
    return True


def last_training_seconds() -> Optional[float]:
    try:
        return float(json.loads(TRAINING_LOG.read_text())["seconds"])
    except (OSError, ValueError, KeyError):
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float, proc: Optional[subprocess.Popen] = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"Tiến trình dừng trước khi sẵn sàng ({url}), mã thoát {proc.returncode}.")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status < 500:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"Không kết nối được {url} sau {timeout:.0f} giây.")


class Stack:
    """Action server, Rasa server and static site server, started and stopped together."""

    def __init__(self, site_port: int = 8000, rasa_port: int = 5005, action_port: int = 5055,
                 site_dir: Path = ROOT / "site", log_dir: Path = RUN_DIR, tracker_db: Optional[Path] = None,
                 quiet: bool = False) -> None:
        self.site_port, self.rasa_port, self.action_port = site_port, rasa_port, action_port
        self.site_dir, self.log_dir = Path(site_dir), Path(log_dir)
        self.tracker_db = Path(tracker_db or self.log_dir / "conversations.db")
        self.quiet = quiet
        self.procs: List[subprocess.Popen] = []

    @property
    def site_url(self) -> str:
        return f"http://127.0.0.1:{self.site_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def webhook_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def _spawn(self, name: str, cmd: List[str], cwd: Path, env: Dict[str, str]) -> subprocess.Popen:
        log_path = self.log_dir / f"{name}.log"
        log = open(log_path, "ab")
        if not self.quiet:
            print(f"  khởi động {name} (nhật ký: {log_path})")
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def start(self) -> "Stack":
        if not MODEL.is_file():
            raise FileNotFoundError("Chưa có mô hình: chạy «python scripts/stack.py train» trước.")
        if not (self.site_dir / "index.html").is_file():
            raise FileNotFoundError(f"Chưa có trang đã dựng trong {self.site_dir}: chạy «mkdocs build» trước.")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        origins = [f"http://127.0.0.1:{self.site_port}", f"http://localhost:{self.site_port}"]
        env = bot_env({
            "BVMT_ACTION_URL": f"http://127.0.0.1:{self.action_port}/webhook",
            "BVMT_TRACKER_DB": str(self.tracker_db),
            "BVMT_SITE_URL": self.site_url,
            "SANIC_HOST": "127.0.0.1",
        })
        try:
            actions = self._spawn("actions", [sys.executable, "-m", "rasa_sdk", "--actions", "actions",
                                              "--port", str(self.action_port)], BOT, env)
            rasa = self._spawn("rasa", [bin_path("rasa"), "run", "--model", str(MODEL),
                                        "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
                                        "--interface", "127.0.0.1", "--port", str(self.rasa_port),
                                        "--cors", *origins], BOT, env)
            site = self._spawn("site", [sys.executable, "-m", "http.server", str(self.site_port),
                                        "--bind", "127.0.0.1", "--directory", str(self.site_dir)], ROOT, env)
            wait_http(f"http://127.0.0.1:{self.action_port}/health", 60, actions)
            wait_http(f"{self.site_url}/", 30, site)
            wait_http(f"{self.rasa_url}/webhooks/rest/", 240, rasa)
        except BaseException:
            self.stop()
            raise
        return self

    def running(self) -> bool:
        return all(p.poll() is None for p in self.procs)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.time() + 15
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.procs = []

    def __enter__(self) -> "Stack":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def cmd_run(args) -> int:
    stack = Stack(site_port=args.site_port, rasa_port=args.rasa_port, action_port=args.action_port)
    print("Đang khởi động (Rasa cần khoảng 30–60 giây để nạp mô hình)...", flush=True)

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and SIGTERM both stop everything cleanly, even while Rasa is still loading (a handler is needed
    # for SIGINT too: a shell starts background jobs with SIGINT ignored, so Python would never raise it).
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        stack.start()
        print(
            "\nĐã sẵn sàng:\n"
            f"  Trang hướng dẫn:  {stack.site_url}/\n"
            f"  Bot (REST):       POST {stack.webhook_url}\n"
            f"  Action server:    http://127.0.0.1:{stack.action_port}/health\n"
            "Nhấn Ctrl-C để dừng tất cả.", flush=True,
        )
        while True:
            if not stack.running():
                print("Một tiến trình đã dừng bất thường; xem nhật ký trong .run/. Đang dừng tất cả.", file=sys.stderr)
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nĐang dừng...", flush=True)
        stack.stop()
        print("Đã dừng tất cả.")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Huấn luyện và chạy trang + bot.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_train = sub.add_parser("train")
    p_train.add_argument("--force", action="store_true")
    p_run = sub.add_parser("run")
    p_run.add_argument("--site-port", type=int, default=int(os.environ.get("SITE_PORT", 8000)))
    p_run.add_argument("--rasa-port", type=int, default=int(os.environ.get("RASA_PORT", 5005)))
    p_run.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    args = parser.parse_args(argv)
    if args.command == "train":
        train_if_changed(force=args.force)
        return 0
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
