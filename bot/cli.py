"""The `newsbot` command line: the same core the Slack app uses, for people and scripts."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from bot.analysis import Analysis, Analyzer, ModelError
from bot.reading import Article, ReadError, Reader
from bot.rendering import render_answer_text, render_markdown, render_slack, render_text
from bot.settings import Settings, SettingsError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if not args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    try:
        return args.handler(args, settings)
    except ReadError as exc:
        print(f"newsbot: could not read the article: {exc}", file=sys.stderr)
        return 1
    except ModelError as exc:
        print(f"newsbot: the analysis failed: {exc}", file=sys.stderr)
        return 1
    except SettingsError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbot", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the bot is doing")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    read = commands.add_parser("read", help="fetch and clean an article, print its text and metadata")
    read.add_argument("source", help="an http(s) URL, a local .html/.htm/.txt file, or - for stdin")
    read.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    read.set_defaults(handler=_read)

    analyze = commands.add_parser("analyze", help="what the article claims, who says so, how solid the sourcing is")
    analyze.add_argument("source", help="an http(s) URL, a local .html/.htm/.txt file, or - for stdin")
    analyze.add_argument("--format", choices=["text", "markdown", "json", "slack"], default="text")
    analyze.add_argument("--offline", action="store_true", help="use the built-in analyzer, not the model")
    analyze.set_defaults(handler=_analyze)

    ask = commands.add_parser("ask", help="answer a question about an article, from the article")
    ask.add_argument("source", help="an http(s) URL, a local .html/.htm/.txt file, or - for stdin")
    ask.add_argument("question")
    ask.add_argument("--offline", action="store_true", help="use the built-in analyzer, not the model")
    ask.set_defaults(handler=_ask)

    serve = commands.add_parser("serve", help="run the Slack app (Socket Mode, or --http)")
    serve.add_argument("--http", action="store_true", help="serve POST /slack/events on $PORT instead of Socket Mode")
    serve.add_argument("--host", default="0.0.0.0", help="interface for --http (default: all)")
    serve.set_defaults(handler=_serve)
    return parser


def _read(args: argparse.Namespace, settings: Settings) -> int:
    article = Reader(settings).read(args.source)
    if args.json:
        print(json.dumps(article.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(_article_text(article))
    return 0


def _analyze(args: argparse.Namespace, settings: Settings) -> int:
    analysis = _analysis(args, settings)
    print(render(analysis, args.format))
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    analyzer = Analyzer(settings)
    analysis = _analysis(args, settings, analyzer)
    print(render_answer_text(analyzer.ask(analysis, args.question, offline=args.offline)))
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.app import serve  # the Slack stack is only imported by the command that needs it

    from slack_bolt.error import BoltError

    logging.getLogger().setLevel(logging.INFO if args.verbose else logging.WARNING)
    try:
        serve(settings, http_mode=args.http, host=args.host)
    except BoltError as exc:  # e.g. Slack rejected the token at start-up (auth.test)
        print(f"newsbot: could not start the Slack app: {exc}", file=sys.stderr)
        return 1
    return 0


def _analysis(args: argparse.Namespace, settings: Settings, analyzer: Analyzer | None = None) -> Analysis:
    article = Reader(settings).read(args.source)
    return (analyzer or Analyzer(settings)).analyze(article, offline=args.offline)


def render(analysis: Analysis, output_format: str) -> str:
    if output_format == "json":
        return analysis.model_dump_json(indent=2)
    if output_format == "markdown":
        return render_markdown(analysis)
    if output_format == "slack":
        message = render_slack(analysis)
        return json.dumps({"text": message.text, "blocks": message.blocks}, ensure_ascii=False, indent=2)
    return render_text(analysis)


def _article_text(article: Article) -> str:
    lines = [article.title or "(untitled)"]
    meta = [part for part in (article.outlet, ", ".join(article.authors), article.published) if part]
    if meta:
        lines.append(" · ".join(meta))
    if article.url:
        lines.append(article.url)
    lines += ["", article.text, "", f"[{article.word_count} words; {len(article.removed)} furniture blocks removed]"]
    return "\n".join(lines)
