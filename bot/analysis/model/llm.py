"""The model client: one place that owns timeouts, retries and structured output for every LLM call.

Retry policy (one layer only): the openai client's own retries are off (`max_retries=0`) and tenacity
retries transient failures (429, 5xx, timeouts, connection errors) with jittered exponential backoff,
honouring Retry-After, within `NEWSBOT_LLM_MAX_ATTEMPTS` attempts and `NEWSBOT_LLM_MAX_WAIT` seconds.
Permanent failures (other 4xx, `insufficient_quota`) are not retried. Malformed or truncated output
gets one more attempt, with a smaller article for a truncation.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx2
import openai
from pydantic import BaseModel, ValidationError
from tenacity import (RetryCallState, Retrying, retry_if_exception, stop_after_attempt, stop_after_delay,
                      wait_random_exponential)

from bot.analysis.errors import ModelBadOutput, ModelError, ModelRejected, ModelUnavailable
from bot.analysis.models import Usage
from bot.observability import metrics
from bot.settings import Settings

log = logging.getLogger(__name__)
Schema = TypeVar("Schema", bound=BaseModel)
_TRANSIENT = (openai.RateLimitError, openai.APITimeoutError, openai.APIConnectionError,
              openai.InternalServerError, openai.ConflictError)
_MAX_RETRY_AFTER = 30.0  # seconds; a longer server hint means "not now", and we report instead of waiting


@dataclass
class Completion:
    parsed: BaseModel
    usage: Usage


def make_client(settings: Settings) -> openai.OpenAI:
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "unused"
    return openai.OpenAI(
        api_key=key,
        base_url=settings.openai_base_url,
        max_retries=0,
        timeout=httpx2.Timeout(settings.llm_timeout, connect=5.0),
    )


def is_transient(error: BaseException) -> bool:
    if isinstance(error, openai.RateLimitError) and _error_code(error) == "insufficient_quota":
        return False
    return isinstance(error, _TRANSIENT)


def _error_code(error: openai.APIStatusError) -> str | None:
    body = error.body if isinstance(error.body, dict) else {}
    inner = body.get("error", body) if isinstance(body, dict) else {}
    return getattr(error, "code", None) or (inner.get("code") if isinstance(inner, dict) else None)


def _retry_after(error: BaseException) -> float | None:
    response = getattr(error, "response", None)
    if response is None:
        return None
    headers = response.headers
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            return float(headers["retry-after"])
    except ValueError:
        return None
    return None


class _WaitHonouringRetryAfter:
    """Jittered exponential backoff, replaced by the server's Retry-After when it sends one."""

    def __init__(self) -> None:
        self._backoff = wait_random_exponential(multiplier=0.5, max=20)

    def __call__(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        hint = _retry_after(error) if error else None
        if hint is not None:
            return min(hint, _MAX_RETRY_AFTER)
        return self._backoff(state)


class ModelClient:
    """Structured chat completions with the retry policy above. Thread-safe; share one per process."""

    def __init__(self, settings: Settings, client: openai.OpenAI | None = None) -> None:
        self.settings = settings
        self.client = client or make_client(settings)
        self.model = settings.model

    def parse(self, messages: list[dict[str, str]], schema: type[Schema],
              on_truncated: Callable[[], list[dict[str, str]]] | None = None) -> tuple[Schema, Usage]:
        """One structured call; a malformed or truncated answer gets exactly one more try."""
        try:
            return self._parse_with_retries(messages, schema)
        except openai.LengthFinishReasonError:
            log.warning("model output truncated; retrying with a shorter article")
            retry_messages = on_truncated() if on_truncated else messages
            try:
                return self._parse_with_retries(retry_messages, schema)
            except openai.LengthFinishReasonError:
                raise ModelBadOutput("the model's answer was cut off before it finished") from None
        except _BadOutput:
            log.warning("model output was not valid for the schema; retrying once")
            try:
                return self._parse_with_retries(messages, schema)
            except _BadOutput:
                raise ModelBadOutput("the model's answer was not valid structured output, twice") from None

    def _parse_with_retries(self, messages: list[dict[str, str]], schema: type[Schema]) -> tuple[Schema, Usage]:
        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            wait=_WaitHonouringRetryAfter(),
            stop=stop_after_attempt(self.settings.llm_max_attempts) | stop_after_delay(self.settings.llm_max_wait),
            reraise=True,
            before_sleep=lambda state: log.warning(
                "model call failed (%s); retry %d", type(state.outcome.exception()).__name__, state.attempt_number),
        )
        try:
            return retrying(self._parse_once, messages, schema)
        except (openai.LengthFinishReasonError, _BadOutput):
            raise
        except openai.ContentFilterFinishReasonError:
            raise ModelBadOutput("the model's content filter stopped the answer") from None
        except openai.RateLimitError as exc:
            if _error_code(exc) == "insufficient_quota":
                raise ModelRejected("the model account has run out of quota") from None
            raise ModelUnavailable("the model is rate-limited; try again in a few minutes") from None
        except openai.APITimeoutError:
            raise ModelUnavailable(
                f"the model did not answer in time ({self.settings.llm_timeout:g} s a try, NEWSBOT_LLM_TIMEOUT; "
                f"endpoint treated as {self.settings.llm_endpoint}, NEWSBOT_LLM_ENDPOINT)") from None
        except openai.APIConnectionError:
            raise ModelUnavailable("the model endpoint could not be reached") from None
        except openai.InternalServerError as exc:
            raise ModelUnavailable(f"the model endpoint is failing (HTTP {exc.status_code})") from None
        except openai.AuthenticationError:
            raise ModelRejected("the model endpoint rejected the API key (check OPENAI_API_KEY)") from None
        except openai.NotFoundError:
            raise ModelRejected(f"the model endpoint does not know the model {self.model!r} (check NEWSBOT_MODEL)") from None
        except openai.APIStatusError as exc:
            raise ModelRejected(f"the model endpoint refused the request (HTTP {exc.status_code})") from None
        except openai.OpenAIError as exc:
            raise ModelError(f"the model call failed ({type(exc).__name__})") from None

    def _parse_once(self, messages: list[dict[str, str]], schema: type[Schema]) -> tuple[Schema, Usage]:
        metrics.count(lambda m: m.model_calls)
        try:
            completion = self.client.chat.completions.parse(
                model=self.model, messages=messages, response_format=schema,  # type: ignore[arg-type]
                max_completion_tokens=self.settings.max_output_tokens, temperature=0,
            )
        except (ValidationError, json.JSONDecodeError) as exc:
            raise _BadOutput(str(exc)) from None
        choice = completion.choices[0]
        if choice.message.refusal:
            raise ModelBadOutput("the model refused to analyse this article")
        if choice.message.parsed is None:
            raise _BadOutput("empty answer")
        usage = Usage(prompt_tokens=completion.usage.prompt_tokens if completion.usage else 0,
                      completion_tokens=completion.usage.completion_tokens if completion.usage else 0)
        log.info("model %s: %d prompt + %d completion tokens", self.model, usage.prompt_tokens, usage.completion_tokens)
        return choice.message.parsed, usage


class _BadOutput(Exception):
    """Output that did not parse into the schema (internal: becomes ModelBadOutput after one retry)."""
