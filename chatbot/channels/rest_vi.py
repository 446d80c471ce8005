"""The REST channel (`POST /webhooks/rest/webhook`) with one clean entry point.

Same request and reply format as Rasa's built-in REST channel (design §7), plus:
- the message is normalised (NFC + one tone-mark style) before anything sees it;
- control characters are removed, an empty message becomes the `/empty_message`
  intent, a very long message is cut to its last part and the reply says so;
- only the button and feedback payloads the widget sends may start with "/";
  anything else a user types with a leading slash is treated as text;
- a malformed request gets a 400 with a short Vietnamese message, and an
  internal error gets a polite reply — never a stack trace.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage

from bvmt.text import normalize

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
MAX_METADATA_BYTES = 2000
ALLOWED_PAYLOADS = re.compile(
    r"^/(choose_entry|feedback|empty_message|start_checker|stop_checker|checker_answer)(\{.*\})?$", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

TRUNCATED_NOTICE = (
    "Tin nhắn của bạn rất dài nên trợ lý chỉ đọc khoảng {n} ký tự cuối. "
    "Hãy gửi câu hỏi ngắn gọn hơn để được trả lời chính xác."
)
ERROR_REPLY = "Xin lỗi, trợ lý đang gặp sự cố. Bạn vui lòng thử lại sau ít phút, hoặc xem mục Hỏi đáp trên trang."
# Rasa 3.6 logs a failed custom action (action server down) and carries on with no reply at all: say so.
NO_REPLY = ("Xin lỗi, trợ lý chưa trả lời được tin nhắn này, có thể do máy chủ xử lý đang gián đoạn. Những gì bạn "
            "đã trả lời vẫn được giữ; bạn vui lòng gửi lại tin nhắn sau ít phút, hoặc xem mục Hỏi đáp và trang Kiểm tra "
            "nghĩa vụ trên website.")


def clean_message(text: Any, limit: int = MAX_MESSAGE_CHARS) -> tuple:
    """(text for the bot, whether it was truncated). Pure; never raises."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = _CONTROL.sub(" ", text)
    text = normalize(text).strip()
    if not text:
        return "/empty_message", False
    if text.startswith("/") and not ALLOWED_PAYLOADS.match(text):
        text = text.lstrip("/").strip() or "/empty_message"
    if len(text) > limit:
        tail = text[-limit:]
        cut = tail.find(" ")
        text = tail[cut + 1 :] if 0 <= cut < 50 else tail
        return text, True
    return text, False


def clean_sender(sender: Any) -> Optional[str]:
    if isinstance(sender, (str, int)) and str(sender).strip():
        value = _CONTROL.sub("", str(sender)).strip()[:MAX_SENDER_CHARS]
        return value or None
    return None


def clean_metadata(metadata: Any) -> Optional[Dict]:
    if not isinstance(metadata, dict):
        return None
    try:
        if len(json.dumps(metadata, ensure_ascii=False)) > MAX_METADATA_BYTES:
            return None
    except (TypeError, ValueError):
        return None
    return metadata


def _bad_request(message: str) -> HTTPResponse:
    return response.json({"error": message}, status=400)


class NormalizingRestInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def __init__(self, max_chars: int = MAX_MESSAGE_CHARS) -> None:
        self.max_chars = int(max_chars)

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(**(credentials or {}))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("normalizing_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return _bad_request("Yêu cầu không hợp lệ: nội dung phải là JSON dạng {\"sender\": …, \"message\": …}.")
            if not isinstance(body, dict):
                return _bad_request("Yêu cầu không hợp lệ: nội dung phải là một đối tượng JSON.")
            sender = clean_sender(body.get("sender")) or uuid.uuid4().hex
            text, truncated = clean_message(body.get("message"), self.max_chars)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=clean_metadata(body.get("metadata")),
                    )
                )
            except Exception:  # noqa: BLE001 - the user gets a polite reply, the log gets the details
                logger.exception("Error while handling a message")
                return response.json([{"recipient_id": sender, "text": ERROR_REPLY}])
            messages = list(collector.messages) or [{"recipient_id": sender, "text": NO_REPLY}]
            if truncated:
                messages.insert(0, {"recipient_id": sender, "text": TRUNCATED_NOTICE.format(n=self.max_chars)})
            return response.json(messages)

        return webhook
