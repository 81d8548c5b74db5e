"""Copy and talk tracks: a template filled from graph facts, optionally rewritten by an LLM.

    generate_from_graph(graph, CopyRequest(account_id="ACC0005", persona="influencer", channel="email",
                                           lang="zh"), backend=None)
    -> {text, facts: [{slot, value, source, field, raw, kind}], template, model, creative, confidence,
        grounding: {ok, violations, checked}, fallback, ...}

The template path is offline and deterministic. With a backend, its text replaces the template's
only when it passes the grounding check against the same facts; otherwise the template text is
returned with `fallback` saying why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import jinja2

from ....errors import InputError, NotFound
from .facts import Facts, build_facts
from .grounding import check
from .llm import LLMUnavailable, TextBackend, prompt

PERSONAS = ("decision_maker", "influencer", "executor")
CHANNELS = ("ad", "wecom", "email", "call")
LANGS = ("zh", "en")
VARIANTS = ("a", "b")
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class CopyRequest:
    account_id: str
    persona: str
    channel: str
    lang: str
    opportunity_id: str | None = None
    variant: str = "a"
    as_of: str | None = None  # ISO date; default today

    def validate(self) -> None:
        for name, value, allowed in (("persona", self.persona, PERSONAS), ("channel", self.channel, CHANNELS),
                                     ("lang", self.lang, LANGS), ("variant", self.variant, VARIANTS)):
            if value not in allowed:
                raise InputError(f"--{name} {value!r} is not one of {', '.join(allowed)}.")
        if self.as_of:
            try:
                date.fromisoformat(self.as_of)
            except ValueError:
                raise InputError(f"--as-of {self.as_of!r} is not a date (YYYY-MM-DD).") from None


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    # Plain text, not HTML: no autoescaping; templates are ours (package files), never a user's.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False,
                              keep_trailing_newline=False, undefined=jinja2.Undefined,
                              auto_reload=False)  # compiled once: no stat of the file per text


@lru_cache(maxsize=1)
def vocabulary() -> str:
    """The text of all our templates: their own words are copy, not claims."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.j2")))


def template_name(req: CopyRequest) -> str:
    return f"{req.channel}.{req.lang}.j2"


def render(facts: Facts, req: CopyRequest) -> str:
    facts.reset()
    text = _env().get_template(template_name(req)).render(
        f=facts.one, topics=facts.many.get("topics", []), persona=req.persona, lang=req.lang, variant=req.variant)
    lines = [ln.rstrip() for ln in text.strip().splitlines()]
    out: list[str] = []
    for ln in lines:  # at most one blank line between paragraphs
        if ln or (out and out[-1]):
            out.append(ln)
    return "\n".join(out)


def generate(raw: dict, req: CopyRequest, *, backend: TextBackend | None = None,
             known_names: list[str] | tuple[str, ...] = ()) -> dict:
    """One text from the facts read by graph.queries.copy_facts (pure: no graph access here)."""
    req.validate()
    facts = build_facts(raw, req.lang)
    draft = render(facts, req)
    used = facts.used()
    grounding = check(draft, used, known_names=known_names, vocabulary=vocabulary())
    text, model, fallback, stated = draft, "template", None, used
    if backend is not None:
        given = [s.to_json() for s in facts.all()]
        system, user = prompt(given, draft, req.channel, req.persona, req.lang)
        try:
            candidate = backend.rewrite(system, user)
        except LLMUnavailable as e:
            fallback = {"reason": str(e), "violations": []}
        else:
            g = check(candidate, facts.all(), known_names=known_names, vocabulary=vocabulary())
            if g.ok:
                text, model, grounding = candidate, backend.name, g
                stated = [s for s in facts.all() if s.display in candidate or str(s.raw) in candidate]
            else:
                fallback = {"reason": f"the {backend.name} text states what no fact says", "violations": g.violations}
    confidence = 1.0
    if any(s.slot == "contact_name" for s in stated) and facts.contact_confidence is not None:
        confidence = float(facts.contact_confidence)  # how sure we are this person is the persona
    opp = raw.get("opportunity") or {}
    return {
        "text": text,
        "facts": [s.to_json() for s in stated],
        "template": f"{template_name(req)}#{req.variant}",
        "model": model,
        "creative": f"{req.channel}-{req.persona}-{req.variant}",
        "account": raw["account"]["id"], "opportunity": opp.get("id"), "persona": req.persona,
        "channel": req.channel, "lang": req.lang, "variant": req.variant,
        "confidence": round(confidence, 3),
        "grounding": grounding.to_json(),
        "fallback": fallback,
    }


def read_facts(graph, req: CopyRequest, scope=None) -> dict:
    from ....graph.queries.copy_facts import copy_facts

    req.validate()
    raw = copy_facts(graph, req.account_id, req.persona, opportunity_id=req.opportunity_id,
                     as_of=req.as_of or date.today().isoformat(), scope=scope)
    if not raw.get("account") or not raw.get("in_scope"):
        raise NotFound(f"account {req.account_id!r} does not exist or is not visible to you.")
    if req.opportunity_id and not raw.get("opportunity"):
        raise NotFound(f"opportunity {req.opportunity_id!r} is not an opportunity of account {req.account_id!r}.")
    if raw.get("opportunity") is not None:
        raw["opportunity"]["auto"] = req.opportunity_id is None
    return raw


def generate_from_graph(graph, req: CopyRequest, *, backend: TextBackend | None = None, scope=None,
                        known_names: list[str] | None = None) -> dict:
    """Facts from the graph, then `generate`. `known_names` (graph.queries.copy_facts.known_names) is
    read once per call when not given: a caller generating many texts passes it in."""
    from ....graph.queries.copy_facts import known_names as read_names

    raw = read_facts(graph, req, scope)
    names = known_names if known_names is not None else read_names(graph)
    return generate(raw, req, backend=backend, known_names=names)
