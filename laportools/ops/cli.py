"""The operator CLI: `python -m laportools.ops --help` (or `make ops ARGS="..."`).

Works against the local stack (default: `--stage local`, read from `.lapor/local-stack.json`) and,
with AWS credentials, against a deployed stage (`--stage prod`)."""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from infra.lapor_infra import profiles
from laportools.ops.target import TargetError, resolve

Handler = Callable[[argparse.Namespace], int]


def _print(payload: Any, args: argparse.Namespace, text: str | None = None) -> None:
    if args.json or text is None:
        print(json.dumps(payload, indent=2, default=str))
    else:
        print(text)


# -- directory and keys ---------------------------------------------------------------------------

def cmd_directory_seed(args: argparse.Namespace) -> int:
    from chalicelib.directory.agencies import seed_directory

    agencies, routes = seed_directory()
    _print({"agencies": agencies, "routes": routes}, args,
           f"Directory written: {agencies} agencies, {routes} routing rules (idempotent).")
    return 0


def cmd_keys_issue(args: argparse.Namespace) -> int:
    from chalicelib.store.credentials import ADMIN, AGENCY, issue_key
    from chalicelib.store.directory import get_agency

    if args.agency and get_agency(args.agency) is None:
        print(f"error: no agency {args.agency!r} in the directory (seed it, or check the id)", file=sys.stderr)
        return 2
    if getattr(args, "open311", None):
        from chalicelib.api.open311 import OPEN311

        kind, owner = OPEN311, args.open311
    else:
        kind, owner = (AGENCY, args.agency) if args.agency else (ADMIN, args.admin)
    key, key_id = issue_key(kind, owner)
    _print({"kind": kind, "owner": owner, "key_id": key_id, "key": key}, args,
           f"Issued {kind.lower()} key {key_id} for {owner}.\n"
           f"  {key}\nShown once: only its hash is stored. Hand it over on a secure channel.")
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from chalicelib.store.credentials import list_keys

    rows = [{"key_id": r.key_id, "kind": r.kind, "owner": r.owner, "created_at": r.created_at,
             "revoked_at": r.revoked_at} for r in list_keys(args.owner)]
    text = "\n".join(f"{r['key_id']}  {r['kind']:<6} created {r['created_at']:%Y-%m-%d %H:%M}  "
                     f"{'REVOKED ' + format(r['revoked_at'], '%Y-%m-%d %H:%M') if r['revoked_at'] else 'active'}"
                     for r in rows) or f"No keys for {args.owner}."
    _print(rows, args, text)
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    from chalicelib.store.credentials import revoke

    if not revoke(args.owner, args.key_id):
        print(f"error: {args.owner} has no key {args.key_id} (see `keys list {args.owner}`)", file=sys.stderr)
        return 1
    _print({"owner": args.owner, "key_id": args.key_id, "revoked": True}, args,
           f"Revoked key {args.key_id} of {args.owner}; requests with it now get 401.")
    return 0


# -- queues ---------------------------------------------------------------------------------------

def cmd_dlq_list(args: argparse.Namespace) -> int:
    from laportools.ops import queues

    rows = {kind: queues.depth(queues.dlq_url(kind)).visible for kind in queues.kinds()}
    _print(rows, args, "\n".join(f"{kind:<12} {count:>6} dead letters" for kind, count in rows.items()))
    return 0


def cmd_dlq_show(args: argparse.Namespace) -> int:
    from laportools.ops import queues

    messages = queues.peek(args.queue, args.max)
    lines = [f"{m['message_id']}  received {m['receive_count']}x  {m['body'][:200]}" for m in messages]
    _print(messages, args, "\n".join(lines) or f"The {args.queue} dead-letter queue is empty.")
    return 0


def cmd_dlq_replay(args: argparse.Namespace) -> int:
    from laportools.ops import queues

    waiting = queues.depth(queues.dlq_url(args.queue)).visible
    if not args.yes:
        _print({"queue": args.queue, "waiting": waiting, "replayed": 0}, args,
               f"{waiting} dead letters on {args.queue}; re-run with --yes to move "
               f"{'up to ' + str(args.max) if args.max else 'all of them'} back to the {args.queue} queue.")
        return 0
    moved = queues.replay(args.queue, args.max)
    _print({"queue": args.queue, "replayed": moved}, args,
           f"Replayed {moved} message(s) from the {args.queue} dead-letter queue to its queue.")
    return 0


# -- sweep, status ----------------------------------------------------------------------------

def cmd_sweep(args: argparse.Namespace) -> int:
    try:
        from chalicelib.deadlines.sweep import run_sweep
    except ImportError as error:
        print(f"error: the deadline sweep is not available in this build ({error}).", file=sys.stderr)
        return 3
    result = run_sweep(now=None)
    _print(result, args, "Sweep done: " + ", ".join(f"{k}={v}" for k, v in sorted((result or {}).items())))
    return 0


def report_counts() -> dict[str, int]:
    """Items per table from DescribeTable: free and Scan-less, but AWS refreshes it only about
    every six hours (the local stack's count is exact)."""
    from chalicelib.shared.aws import client
    from chalicelib.store.models import ALL_MODELS

    dynamodb, counts = client("dynamodb"), {}
    for model in ALL_MODELS:
        name = model.Meta.table_name
        counts[name] = int(dynamodb.describe_table(TableName=name)["Table"].get("ItemCount", 0))
    return counts


def cmd_status(args: argparse.Namespace) -> int:
    from laportools.ops import queues

    depths = queues.depths()
    counts = report_counts()
    payload = {"queues": [d.__dict__ for d in depths], "items": counts}
    lines = [f"{'queue':<34} {'visible':>8} {'in flight':>10} {'delayed':>8}"]
    lines += [f"{d.queue:<34} {d.visible:>8} {d.in_flight:>10} {d.delayed:>8}" for d in depths]
    lines += ["", f"{'table':<34} {'items (approx.)':>16}"]
    lines += [f"{name:<34} {count:>16}" for name, count in counts.items()]
    _print(payload, args, "\n".join(lines))
    return 0


# -- SMS 1708 -------------------------------------------------------------------------------------

def _sms_topic_arn() -> str:
    import os

    from chalicelib.shared import config
    from chalicelib.shared.aws import client
    from chalicelib.shared.resources import SMS_INBOUND_TOPIC

    if os.environ.get("LAPOR_TOPIC_ARN_SMS_INBOUND"):
        return os.environ["LAPOR_TOPIC_ARN_SMS_INBOUND"]
    if config.endpoint_url():  # the local endpoint: CreateTopic is idempotent and returns the ARN
        return client("sns").create_topic(Name=SMS_INBOUND_TOPIC.name)["TopicArn"]
    account = client("sts").get_caller_identity()["Account"]
    return f"arn:aws:sns:{config.region()}:{account}:{SMS_INBOUND_TOPIC.name}"


def cmd_sms_receive(args: argparse.Namespace) -> int:
    """Publish an inbound SMS to the real topic, exactly as AWS two-way SMS does."""
    import time
    import uuid

    from chalicelib.domain.phones import normalize_phone
    from chalicelib.notify import local_outbox
    from chalicelib.shared.aws import client
    from chalicelib.sms.inbound import two_way_document

    sender = args.sender if args.sender.startswith("+") else (normalize_phone(args.sender) or args.sender)
    seen = {m["id"] for m in local_outbox.messages(100000)} if local_outbox.available() else set()
    document = two_way_document(sender, args.text, f"ops-{uuid.uuid4()}")
    message_id = client("sns").publish(TopicArn=_sms_topic_arn(), Message=json.dumps(document))["MessageId"]
    answers: list[dict[str, Any]] = []
    deadline = time.monotonic() + args.wait
    while local_outbox.available() and time.monotonic() < deadline and not answers:
        time.sleep(0.5)
        answers = [m for m in local_outbox.messages(100000) if m["id"] not in seen and m["to"] == sender]
    _print({"published": message_id, "from": sender, "answers": answers}, args,
           f"Inbound SMS from {sender} published ({message_id}).\n"
           + ("\n".join(f"  answer: {m['text']}" for m in answers) if answers else
              "  no answer yet: see `sms outbox` (parts wait LAPOR_SMS_JOIN_SECONDS to be joined)."))
    return 0


def cmd_sms_outbox(args: argparse.Namespace) -> int:
    from chalicelib.notify import local_outbox

    if not local_outbox.available():
        print("error: the outbox exists on the local stage only; in AWS see each report's notification "
              "log and SNS/SES delivery logs.", file=sys.stderr)
        return 2
    channels = {"SMS", "EMAIL"} if args.email else {"SMS"}
    messages = [m for m in local_outbox.messages(100000) if m["channel"] in channels][:args.max]
    lines = [f"{m['channel']:<5} {m['to']}  {('[' + m['subject'] + '] ') if m['subject'] else ''}"
             f"{(m['text'] or '').replace(chr(10), ' ')[:300]}" for m in messages]
    _print(messages, args, "\n".join(lines) or "Nothing sent yet.")
    return 0


# -- statistics -----------------------------------------------------------------------------------

def cmd_stats_rebuild(args: argparse.Namespace) -> int:
    from laportools.ops import stats

    since = args.since or stats.default_since()
    result = stats.rebuild(since, write=args.write)
    verdict = "match" if result["matches"] else "DIFFER"
    text = (f"Statistics recomputed from {result['reports']} reports ({result['events']} counted events, "
            f"{result['items']} items, {since}..{result['until']}): live counters {verdict} "
            f"(changed {result['changed']}, missing {result['missing']}, stale {result['stale']}).")
    if "written" in result:
        text += f"\nWrote {result['written']} items; they now match: {result['matches_after_write']}."
    _print(result, args, text)
    if result["matches"] or result.get("matches_after_write"):
        return 0
    return 1


def cmd_opendata_export(args: argparse.Namespace) -> int:
    from chalicelib.opendata.export import export, months_back, months_between

    months = months_between(args.since, months_back(1)[0]) if args.since else None
    result = export(months)
    _print(result, args, f"Open data written: {result['reports']} public reports in {len(result['months'])} "
                         f"monthly files, {result['statistics_rows']} statistics rows.")
    return 0


# -- scaling profiles -----------------------------------------------------------------------------

def _profile_stage(args: argparse.Namespace) -> str:
    return args.stage if args.stage != "local" else "prod"


def cmd_profile_show(args: argparse.Namespace) -> int:
    stage = _profile_stage(args)
    active = profiles.active(stage, args.profiles_file)
    _print({"stage": stage, "active": active.name, "settings": active.settings,
            "profiles": profiles.names(args.profiles_file)}, args,
           f"Stage {stage}: profile {active.name} (available: {', '.join(profiles.names(args.profiles_file))})\n"
           + "\n".join(f"  {k} = {v}" for k, v in profiles.flatten(active.settings).items()))
    return 0


def cmd_profile_switch(args: argparse.Namespace) -> int:
    stage = _profile_stage(args)
    current = profiles.active(stage, args.profiles_file)
    target = profiles.get(args.profile, args.profiles_file)
    changes = profiles.diff(current, target)
    lines = [f"Stage {stage}: {current.name} -> {target.name}"]
    lines += [f"  {key:<40} {before!s:>8} -> {after!s}" for key, before, after in changes] or ["  (no change)"]
    if args.apply:
        profiles.switch(stage, target.name, args.profiles_file)
        lines += [f"Applied to {args.profiles_file}. Deploy it: make deploy STAGE={stage}"]
    else:
        lines += ["Nothing changed yet: re-run with --apply to make it the active profile."]
    _print({"stage": stage, "from": current.name, "to": target.name, "applied": args.apply,
            "changes": [{"setting": k, "from": b, "to": a} for k, b, a in changes]}, args, "\n".join(lines))
    return 0


# -- campaign plan --------------------------------------------------------------------------------

def cmd_plan(args: argparse.Namespace) -> int:
    from laportools.ops import costs, plan

    assumptions = costs.Assumptions(
        report_size=args.report_size, api_reads_per_report=args.api_reads, changes_after_routing=args.changes,
        webhook_share=args.webhook_share, email_share=args.email_share, sms_share=args.sms_share)
    result = plan.plan(args.reports_per_hour, args.peak_factor, assumptions,
                       prices=costs.load_prices(args.prices) if args.prices else None)
    _print(result, args, plan.render(result))
    return 0


# -- parser ---------------------------------------------------------------------------------------

def _add_target_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """Where to act. Accepted before or after the command; defaults live on the top parser."""
    def default(value: Any) -> Any:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument("--stage", default=default("local"),
                        help="`local` (default: the stack `make run` started) or a deployed stage "
                             "such as `prod` (uses your AWS credentials)")
    parser.add_argument("--state-file", type=Path, default=default(None),
                        help="local stack state (default .lapor/local-stack.json)")
    parser.add_argument("--endpoint-url", default=default(None), help="AWS endpoint override (tests, or a tunnel)")
    parser.add_argument("--region", default=default(None), help="AWS region of a deployed stage")
    parser.add_argument("--json", action="store_true", default=default(False), help="print JSON instead of text")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m laportools.ops",
        description="Operate Lapor: directory, agency keys, dead-letter queues, deadline sweep, "
                    "queue depths and counts, scaling profiles, SMS 1708.")
    _add_target_options(parser, defaults=True)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        return sub.add_subparsers(dest="action", required=True, metavar="ACTION")

    def command(parent: argparse._SubParsersAction, name: str, help_text: str, handler: Handler,
                needs_aws: bool = True) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler, needs_aws=needs_aws)
        _add_target_options(sub, defaults=False)
        return sub

    directory = group("directory", "the agency directory and routing rules")
    command(directory, "seed", "write (or update) the built-in agency directory and routing rules", cmd_directory_seed)

    keys = group("keys", "agency and admin API keys")
    issue = command(keys, "issue", "issue a new API key (shown once)", cmd_keys_issue)
    owner = issue.add_mutually_exclusive_group(required=True)
    owner.add_argument("--agency", help="agency id from the directory, e.g. kemenkes")
    owner.add_argument("--admin", help="name of a national admin")
    owner.add_argument("--open311", help="name of an Open311 GeoReport client (its api_key)")
    listing = command(keys, "list", "list an owner's keys (ids only, never the keys)", cmd_keys_list)
    listing.add_argument("owner", help="agency id or admin name")
    revoke = command(keys, "revoke", "revoke one key by its id; the owner's other keys keep working", cmd_keys_revoke)
    revoke.add_argument("owner", help="agency id or admin name")
    revoke.add_argument("key_id", help="the key's public id (from `keys list`)")

    dlq = group("dlq", "dead-letter queues: inspect and replay")
    command(dlq, "list", "count dead letters on every dead-letter queue", cmd_dlq_list)
    show = command(dlq, "show", "print dead letters of one queue without removing them", cmd_dlq_show)
    show.add_argument("queue", help="queue kind, e.g. routing, delivery, sweep")
    show.add_argument("--max", type=int, default=10, help="most messages to print (default 10)")
    replay = command(dlq, "replay", "move dead letters back to their queue (after fixing the cause)", cmd_dlq_replay)
    replay.add_argument("queue", help="queue kind, e.g. routing, delivery, sweep")
    replay.add_argument("--max", type=int, help="most messages to move (default: all)")
    replay.add_argument("--yes", action="store_true", help="really move them (without it: only count)")

    sweep = commands.add_parser("sweep", help="run the deadline sweep now (warn, escalate, auto-close)",
                                description="Run the deadline sweep now, as the schedule would.")
    sweep.set_defaults(handler=cmd_sweep, needs_aws=True)
    _add_target_options(sweep, defaults=False)
    status = commands.add_parser("status", help="queue depths and item counts per table",
                                 description="Queue depths (and dead letters) and approximate item counts "
                                             "per table (DescribeTable, no Scan).")
    status.set_defaults(handler=cmd_status, needs_aws=True)
    _add_target_options(status, defaults=False)

    sms = group("sms", "SMS 1708: simulate an inbound SMS, list what was sent (local stage)")
    receive = command(sms, "receive", "publish an inbound SMS to the SMS topic, as two-way SMS does", cmd_sms_receive)
    receive.add_argument("--from", dest="sender", required=True, help="sender number, e.g. 081234567890")
    receive.add_argument("text", help="the message, e.g. \"LAPOR jalan rusak di depan SDN 3 ...\"")
    receive.add_argument("--wait", type=float, default=30, help="seconds to wait for the answer (local; default 30)")
    outbox = command(sms, "outbox", "the SMS the local stack sent, newest first", cmd_sms_outbox)
    outbox.add_argument("--max", type=int, default=50, help="most messages to list (default 50)")
    outbox.add_argument("--email", action="store_true", help="list the emails too (after the SMS)")

    statistics = group("stats", "public statistics")
    rebuild = command(statistics, "rebuild", "recompute the statistics from the timeline and prove the live "
                                             "counters match (exit 1 when they differ); --write replaces them",
                      cmd_stats_rebuild)
    rebuild.add_argument("--since", help="first month of receipt, YYYY-MM (default: three years back)")
    rebuild.add_argument("--write", action="store_true", help="replace the stored counters with the recomputation")

    opendata = group("opendata", "open data files (public reports, statistics)")
    export = command(opendata, "export", "write the open-data files now (the schedule re-exports recent months)",
                     cmd_opendata_export)
    export.add_argument("--since", help="re-export every month of receipt from this one, YYYY-MM")

    from laportools.ops import model_cmds

    model_cmds.add_commands(group, command)

    profile = group("profile", "scaling profiles (normal, campaign)")
    for sub in (command(profile, "show", "the stage's active profile and its settings", cmd_profile_show, False),
                command(profile, "switch", "show what changes from the active profile to another; "
                                           "--apply makes it active (then deploy)", cmd_profile_switch, False)):
        sub.add_argument("--profiles-file", type=Path, default=profiles.PROFILES_FILE, help=argparse.SUPPRESS)
        if sub.prog.endswith("switch"):
            sub.add_argument("profile", help="profile name, e.g. campaign or normal")
            sub.add_argument("--apply", action="store_true", help="write it as the stage's active profile")
    planning = commands.add_parser(
        "plan", help="capacity, queue settings, quotas and monthly cost of a campaign",
        description="What N reports an hour need: concurrency per function, the scaling profile and its "
                    "queue settings, the account quotas they would hit, and the cost per million reports "
                    "and per month (measured per-report figures from `make bench`, dated prices).")
    planning.set_defaults(handler=cmd_plan, needs_aws=False)
    _add_target_options(planning, defaults=False)
    planning.add_argument("--reports-per-hour", type=float, required=True, help="average reports an hour")
    planning.add_argument("--peak-factor", type=float, default=3.0,
                          help="peak hour over the average (default 3: a campaign's evening rush)")
    planning.add_argument("--report-size", choices=["typical", "short"], default="typical",
                          help="measured report: typical (1.5 KB complaint, default) or short")
    planning.add_argument("--api-reads", type=float, default=3.0, help="API reads each report draws (default 3)")
    planning.add_argument("--changes", type=int, default=4,
                          help="report changes after routing: acknowledge, follow-up, confirm, rate (default 4)")
    planning.add_argument("--webhook-share", type=float, default=0.3, help="share of reports with webhooks (0.3)")
    planning.add_argument("--email-share", type=float, default=0.5, help="share of reporters with e-mail (0.5)")
    planning.add_argument("--sms-share", type=float, default=0.2, help="share of reporters with SMS only (0.2)")
    planning.add_argument("--prices", type=Path, help="another prices file (default: the ap-southeast-3 one)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.needs_aws:
            target = resolve(args.stage, args.state_file, args.endpoint_url, args.region)
            if not args.json:
                print(f"# {target.describe()}", file=sys.stderr)
        return args.handler(args)
    except (TargetError, profiles.ProfileError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as error:
        hint = "is the local stack running (`make run`)?" if args.stage == "local" else \
            "are your AWS credentials and region for this stage set?"
        print(f"error: {error}\n{hint}", file=sys.stderr)
        return 1


def console() -> None:
    """Console-script entry point (`lapor-ops`), the same as `python -m laportools.ops`."""
    raise SystemExit(main())
