"""Optional LLM backend: any OpenAI-compatible chat endpoint (llama.cpp server, vLLM, Ollama's /v1).

The backend only rewrites a template draft; what it returns must pass the grounding check or the
draft is used instead (dealgraph.algorithms.marketing.copy.generate). Nothing is sent anywhere
unless DEALGRAPH_LLM_BASE_URL is set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

import httpx

from ....errors import DealgraphError


class LLMUnavailable(DealgraphError):
    pass


class TextBackend(Protocol):
    name: str

    def rewrite(self, system: str, user: str) -> str: ...


_RULES = {
    "zh": ("你是B2B销售文案助手。只使用给出的事实改写草稿：不要添加事实里没有的任何名称、数字或日期，"
           "不要编造客户、案例或金额。只输出改写后的文本。"),
    "en": ("You write B2B sales copy. Rewrite the draft using only the given facts: add no name, number or "
           "date that is not among the facts, and invent no customer, case or amount. Output only the text."),
}


def prompt(facts: list[dict], draft: str, channel: str, persona: str, lang: str) -> tuple[str, str]:
    """(system, user) messages: the rules, then the facts and the draft to rewrite."""
    listed = json.dumps([{"slot": f["slot"], "value": f["value"]} for f in facts], ensure_ascii=False)
    user = f"channel: {channel}\npersona: {persona}\nlanguage: {lang}\nfacts: {listed}\ndraft:\n{draft}"
    return _RULES[lang], user


@dataclass
class OpenAICompatible:
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 20.0

    @property
    def name(self) -> str:
        return f"llm:{self.model}"

    def rewrite(self, system: str, user: str) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "temperature": 0, "messages": [
            {"role": "system", "content": system}, {"role": "user", "content": user}]}
        url = self.base_url.rstrip("/") + "/chat/completions"
        try:
            r = httpx.post(url, json=body, headers=headers, timeout=self.timeout_s)
            r.raise_for_status()
            text = r.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as e:
            raise LLMUnavailable(f"the LLM endpoint {url} gave no text ({type(e).__name__}: {e})") from e
        if not isinstance(text, str) or not text.strip():
            raise LLMUnavailable(f"the LLM endpoint {url} returned an empty text")
        return text.strip()


def backend_from_settings(settings) -> OpenAICompatible | None:
    if not settings.llm_base_url:
        return None
    return OpenAICompatible(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s)
