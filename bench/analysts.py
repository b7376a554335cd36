"""The analysts' questions timed on both read paths, at concurrency 1.

Start two servers on the same (national) database, one with the compiled path and one without,
and give their URLs and a MINISTRY_ANALYST token:

    CIVICGRAPH_PORT=8611 civicgraph serve &
    CIVICGRAPH_PORT=8612 CIVICGRAPH_COMPILED_READS=false civicgraph serve &
    python bench/analysts.py --token "$(civicgraph token --role MINISTRY_ANALYST)"

Each question runs `--repeat` times on each path (best and median printed, in ms); the two
paths' answers are compared byte for byte (`same`; "clock" where the answer measures waiting
up to now, which moves between two requests)."""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request

QUESTIONS = {
    "obligations, national total (all years)": (
        "{ obligationsSummary(groupBy: []) { obligationCount amountDue amountCollected "
        "amountOutstanding } }"
    ),
    "obligations 1404 by province and category": (
        "{ obligationsSummary(groupBy: [PROVINCE, CATEGORY], filter: {year: 1404}) "
        "{ province { nameEn } category { code } amountDue amountCollected obligationCount } }"
    ),
    "top 20 municipalities by outstanding (all years)": (
        "{ obligationsSummary(groupBy: [MUNICIPALITY], orderBy: {field: AMOUNT_OUTSTANDING}, "
        "first: 20) { municipality { nameEn } amountOutstanding } }"
    ),
    "transfers by month, one Solar Hijri year": (
        '{ transfersSummary(groupBy: [MONTH], filter: {transferredFrom: "2024-03-20", '
        'transferredTo: "2025-03-20"}) { month transferCount amount } }'
    ),
    "pipeline, drafts of 1403": (
        "{ draftPipelineSummary(filter: {year: 1403}) { byStatus { status count } "
        "byProvince { status count } timeInStatus { status count medianSeconds p90Seconds } "
        "waiting { status count medianSeconds p90Seconds } } }"
    ),
    "pipeline, every draft": (
        "{ draftPipelineSummary { byStatus { status count } byProvince { status count } "
        "timeInStatus { status count medianSeconds } waiting { status count medianSeconds } } }"
    ),
    "pipeline as of 2025-01-01": (
        '{ draftPipelineSummary(asOf: "2025-01-01T00:00:00Z", percentiles: [0.25, 0.75]) '
        "{ byStatus { status count } waiting { status count percentiles { fraction seconds } } } }"
    ),
    "pipeline as of 2026-03-01, every part": (
        '{ draftPipelineSummary(asOf: "2026-03-01T00:00:00Z") { asOf byStatus { status count } '
        "byProvince { province { nameEn } status count } "
        "timeInStatus { status count medianSeconds p90Seconds } "
        "waiting { status count medianSeconds p90Seconds } } }"
    ),
    "obligations by year and category (all years)": (
        "{ obligationsSummary(groupBy: [YEAR, CATEGORY]) { year category { code } "
        "obligationCount amountDue amountCollected amountOutstanding collectionRate } }"
    ),
    "throughput, 1403/01 to 1404/12": (
        '{ draftThroughput(fromMonth: "1403/01", toMonth: "1404/12") { month startsAt '
        "submitted committeeForwarded committeeReturned ministryAdopted ministryRejected "
        "ministryReturned } }"
    ),
    "lead times, any percentiles": (
        "{ draftLeadTimes(percentiles: [0.25, 0.75, 0.99]) { stage count medianSeconds "
        "percentiles { fraction seconds } } }"
    ),
}


def ask(url: str, token: str, query: str) -> tuple[float, bytes]:
    body = json.dumps({"query": query}).encode()
    headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=120) as r:
        answer = r.read()
    return (time.perf_counter() - started) * 1000, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compiled", default="http://127.0.0.1:8611/graphql")
    parser.add_argument("--general", default="http://127.0.0.1:8612/graphql")
    parser.add_argument("--token", required=True, help="a MINISTRY_ANALYST bearer token")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'question':50s} {'compiled best/median':>22s} {'general best/median':>22s}  same")
    for name, query in QUESTIONS.items():
        figures, answers = [], []
        for url in (args.compiled, args.general):
            times = []
            for _ in range(args.repeat):
                elapsed, answer = ask(url, args.token, query)
                times.append(elapsed)
            figures.append(f"{min(times):9.0f} / {statistics.median(times):6.0f} ms")
            answers.append(answer)
        same = answers[0] == answers[1] and b'"errors"' not in answers[0]
        clock = "draftPipelineSummary" in query and "asOf:" not in query
        verdict = "clock" if clock and not same else "yes" if same else "NO"
        print(f"{name:50s} {figures[0]:>22s} {figures[1]:>22s}  {verdict}")


if __name__ == "__main__":
    main()
