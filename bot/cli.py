"""The `newsbot` command line: the same core the Slack app uses, for people and scripts."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from bot.analysis import Analysis, Analyzer, ModelError
from bot.reading import Article, ReadError, Reader
from bot.rendering import render_answer_text, render_markdown, render_text
from bot.settings import Settings, SettingsError

# `bot.analysis` and `bot.rendering` load the openai client and the Slack SDK only when a command uses
# them (the model, --format slack, serve): `newsbot read` and `analyze --offline` start without either.


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
    from bot.observability import logs  # issue 21 item 5: NEWSBOT_LOG_FORMAT

    logs.configure(settings.log_format)
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
    except BrokenPipeError:  # `newsbot analyze URL | head`: the reader stopped reading, which is not an error
        sys.stderr.close()
        return 0


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
    analyze.add_argument("--no-source-checks", action="store_true",
                         help="do not open the documents the claims link to (NEWSBOT_SOURCE_CHECKS=false)")
    analyze.set_defaults(handler=_analyze)

    ask = commands.add_parser("ask", help="answer a question about an article, from the article")
    ask.add_argument("source", help="an http(s) URL, a local .html/.htm/.txt file, or - for stdin")
    ask.add_argument("question")
    ask.add_argument("--offline", action="store_true", help="use the built-in analyzer, not the model")
    ask.set_defaults(handler=_ask)

    diff = commands.add_parser("diff", help="what changed between two versions of a story (or two outlets' accounts)")
    diff.add_argument("a", help="the earlier version: a URL, a local file, or - for stdin")
    diff.add_argument("b", help="the later version (or the other outlet's account)")
    diff.add_argument("--format", choices=["text", "markdown", "json", "slack"], default="text")
    diff.add_argument("--outlets", action="store_true",
                      help="A and B are two outlets' accounts: a different figure contradicts rather than changes")
    diff.add_argument("--offline", action="store_true", help="use the built-in analyzer, not the model")
    diff.set_defaults(handler=_diff)

    compare = commands.add_parser("compare", help="two to five outlets' accounts of one event, claim by claim")
    compare.add_argument("sources", nargs="+", metavar="SOURCE", help="URLs or local files, 2 to 5")
    compare.add_argument("--format", choices=["text", "markdown", "json", "slack"], default="text")
    compare.add_argument("--offline", action="store_true", help="use the built-in analyzer, not the model")
    compare.set_defaults(handler=_compare)

    feedback = commands.add_parser("feedback", help="readers' verdicts on the bot's replies")
    feedback_commands = feedback.add_subparsers(dest="feedback_command", required=True, metavar="ACTION")
    export = feedback_commands.add_parser("export", help="every verdict as JSON Lines, ready to become test data")
    export.add_argument("--output", "-o", default="-", help="a file to write (default: standard output)")
    export.set_defaults(handler=_feedback_export)

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
    if settings.source_checks and not args.no_source_checks:
        from bot.analysis.source_checks import SourceChecker

        SourceChecker(settings).check(analysis)
    print(render(analysis, args.format))
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    analyzer = Analyzer(settings)
    analysis = _analysis(args, settings, analyzer)
    from bot.analysis.source_answers import about_sources

    if settings.source_checks and about_sources(args.question):  # "does the report say that?": go and look
        from bot.analysis.source_checks import SourceChecker

        SourceChecker(settings).check(analysis)
    print(render_answer_text(analyzer.ask(analysis, args.question, offline=args.offline)))
    return 0


def _diff(args: argparse.Namespace, settings: Settings) -> int:
    from bot.alignment import diff
    from bot.rendering.alignment import render_diff_markdown, render_diff_slack, render_diff_text

    analyzer = Analyzer(settings)
    reader = Reader(settings)
    before, after = (analyzer.analyze(reader.read(source), offline=args.offline) for source in (args.a, args.b))
    result = diff(before, after, mode="outlets" if args.outlets else "versions")
    print(_draw(result, args.format, render_diff_text, render_diff_markdown, render_diff_slack))
    return 0


def _compare(args: argparse.Namespace, settings: Settings) -> int:
    from bot.alignment import compare
    from bot.alignment.compare import MAX_ARTICLES
    from bot.rendering.alignment import render_comparison_markdown, render_comparison_slack, render_comparison_text

    if not 2 <= len(args.sources) <= MAX_ARTICLES:
        print(f"newsbot: compare takes 2 to {MAX_ARTICLES} articles", file=sys.stderr)
        return 2
    analyzer, reader = Analyzer(settings), Reader(settings)
    analyses = []
    for source in args.sources:  # one unreadable link is reported; the others are still compared
        try:
            analyses.append(analyzer.analyze(reader.read(source), offline=args.offline))
        except ReadError as exc:
            print(f"newsbot: could not read {source}: {exc}", file=sys.stderr)
    if len(analyses) < 2:
        print("newsbot: fewer than two of the articles could be read, so there is nothing to compare",
              file=sys.stderr)
        return 1
    result = compare(analyses)
    print(_draw(result, args.format, render_comparison_text, render_comparison_markdown, render_comparison_slack))
    return 0


def _draw(result: Any, output_format: str, text: Callable[[Any], str], markdown: Callable[[Any], str],
          slack: Callable[[Any], Any]) -> str:
    """One result (an analysis, a diff, a comparison) in the chosen format; JSON is the model's own dump."""
    if output_format == "json":
        return result.model_dump_json(indent=2)
    if output_format == "markdown":
        return markdown(result)
    if output_format == "slack":
        message = slack(result)
        return json.dumps({"text": message.text, "blocks": message.blocks}, ensure_ascii=False, indent=2)
    return text(result)


def _feedback_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import open_store

    store = open_store(settings)
    try:
        lines = [item.model_dump_json() for item in store.all_feedback()]
    finally:
        store.close()
    body = "".join(line + "\n" for line in lines)
    if args.output == "-":
        sys.stdout.write(body)
    else:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(body)
        print(f"newsbot: wrote {len(lines)} verdict{'s' if len(lines) != 1 else ''} to {args.output}", file=sys.stderr)
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
    return _draw(analysis, output_format, render_text, render_markdown, _render_slack)


def _render_slack(analysis: Analysis) -> Any:
    from bot.rendering.slack import render_slack  # slack_sdk only loads for --format slack

    return render_slack(analysis)


def _article_text(article: Article) -> str:
    lines = [article.title or "(untitled)"]
    meta = [part for part in (article.outlet, ", ".join(article.authors), article.published) if part]
    if meta:
        lines.append(" · ".join(meta))
    if article.url:
        lines.append(article.url)
    lines += ["", article.text, "", f"[{article.word_count} words; {len(article.removed)} furniture blocks removed]"]
    return "\n".join(lines)
