#!/usr/bin/env python3
"""Bounded load test of `partnergraph serve` on loopback (not run by CI).

    cargo build --release
    python3 benches/serve_load.py [--clients 64] [--duration 60] [--timeout 5s] [--runaways 0.1]

Builds the seeds into a temporary store, starts the server on a free loopback port, then runs
clients sending the curated queries (with the parameters of tests/fixtures/queries/*.args, in
turn as JSON, CSV and XML) and a share `--runaways` of clients (at least one) sending a runaway
query (a sort over the cross join of the whole graph, which oxigraph evaluates in memory) again
and again, each on its own keep-alive connection, for `duration` seconds. Reports requests/s,
latency percentiles of the legitimate requests, how many of them failed (must be 0), how long
the runaway requests took (must be the timeout, or less if they hit the memory limit), the
resident memory of the server and its query workers together, sampled every second, and how
long after the last runaway's answer the server and its workers were back to idle CPU (< 5 % of
a core over a second). Standard library only; every request goes to 127.0.0.1.
"""

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNAWAY = "SELECT ?a ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?a LIMIT 1"
ACCEPTS = ["application/sparql-results+json", "text/csv", "application/sparql-results+xml"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def family(pid):
    """The server and its worker processes: (pid, /proc/PID/stat fields after the name)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(") ", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            out.append((int(entry), fields))
    return out


def rss_kib(pid):
    """Resident memory of the server and its workers."""
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    return sum(int(fields[21]) * page_kib for _, fields in family(pid))


def cpu_seconds(pid):
    """CPU time used so far by the server and its workers, live or ended (user + system)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for process, f in family(pid):
        total += int(f[11]) + int(f[12])
        if process == pid:  # workers it killed and waited for
            total += int(f[13]) + int(f[14])
    return total / ticks


def start_server(binary, store, timeout, log_path):
    log = open(log_path, "w")
    env = dict(os.environ, PARTNERGRAPH_STORE=store)
    server = subprocess.Popen(
        [binary, "serve", "--bind", "127.0.0.1:0", "--timeout", timeout],
        env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        with open(log_path) as f:
            match = re.search(r"listening on http://([^/]+)/", f.read())
        if match:
            host, port = match.group(1).rsplit(":", 1)
            return server, host, int(port)
        time.sleep(0.05)
    server.kill()
    sys.exit(f"the server did not start; see {log_path}")


def curated_mix(host, port):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    connection.request("GET", "/queries")
    curated = json.loads(connection.getresponse().read())
    mix = []
    for query in curated:
        fields = [("query", query["text"])]
        args = os.path.join(ROOT, "tests/fixtures/queries", f"{query['name']}.args")
        if os.path.exists(args):
            with open(args, encoding="utf-8") as f:
                fields += [("param", line.strip()) for line in f if line.strip()]
        mix.append((query["name"], urllib.parse.urlencode(fields)))
    return mix


def client(host, port, requests, deadline, results, lock, start_index):
    connection = http.client.HTTPConnection(host, port, timeout=120)
    index = start_index
    local = []
    while time.time() < deadline:
        name, body = requests[index % len(requests)]
        accept = ACCEPTS[index % len(ACCEPTS)]
        index += 1
        started = time.perf_counter()
        try:
            connection.request("POST", "/sparql", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as e:
            status = f"{type(e).__name__}"
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=120)
        local.append((name, status, time.perf_counter() - started))
    with lock:
        results.extend(local)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release/partnergraph"))
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--runaways", type=float, default=0.1, help="share of runaway clients")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--timeout", default="5s")
    options = parser.parse_args()

    work = tempfile.mkdtemp(prefix="pg-load-")
    store = os.path.join(work, "store")
    subprocess.run([options.binary, "--quiet", "--store", store, "build", os.path.join(ROOT, "seeds")],
                   check=True, stdout=subprocess.DEVNULL)
    log_path = os.path.join(work, "server.log")
    server, host, port = start_server(options.binary, store, options.timeout, log_path)
    mix = curated_mix(host, port)
    runaway = [("runaway", urllib.parse.urlencode([("query", RUNAWAY)]))]

    rss = []
    stop_sampling = threading.Event()

    def sample():
        start = time.time()
        while not stop_sampling.is_set():
            rss.append((time.time() - start, rss_kib(server.pid)))
            stop_sampling.wait(1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    results, lock = [], threading.Lock()
    deadline = time.time() + options.duration
    runaway_clients = max(1, round(options.clients * options.runaways))
    threads = [threading.Thread(target=client, args=(host, port, runaway, deadline, results, lock, 0))
               for _ in range(runaway_clients)]
    threads += [threading.Thread(target=client, args=(host, port, mix, deadline, results, lock, i))
                for i in range(options.clients - runaway_clients)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    last_answer = time.time()
    elapsed = last_answer - started
    # Back to idle: CPU of the server and its workers, second by second, after the last answer
    # (every runaway included: clients stop only once their request is answered).
    idle_after = None
    previous = cpu_seconds(server.pid)
    for second in range(1, 21):
        time.sleep(1)
        now = cpu_seconds(server.pid)
        if idle_after is None and now - previous < 0.05:
            idle_after = second
        previous = now
    stop_sampling.set()
    sampler.join()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)

    legit = [r for r in results if r[0] != "runaway"]
    failed = [r for r in legit if r[1] != 200]
    latencies = [r[2] * 1000 for r in legit if r[1] == 200]
    wild = [r for r in results if r[0] == "runaway"]
    memory = [kib for _, kib in rss]
    print(f"clients {options.clients} ({options.clients - runaway_clients} curated-query clients, "
          f"{runaway_clients} runaway clients), "
          f"{elapsed:.1f} s, server timeout {options.timeout}")
    print(f"legitimate requests: {len(legit)} ({len(legit) / elapsed:.0f} requests/s), failed: {len(failed)}")
    if failed:
        print("  failures:", sorted({(n, s) for n, s, _ in failed}))
    print(f"latency ms: p50 {percentile(latencies, 50):.1f}  p90 {percentile(latencies, 90):.1f}  "
          f"p99 {percentile(latencies, 99):.1f}  max {max(latencies):.1f}")
    print(f"runaway requests: {len(wild)}, statuses {sorted({str(s) for _, s, _ in wild})}, "
          f"answered after {min(r[2] for r in wild):.2f}-{max(r[2] for r in wild):.2f} s")
    print(f"server RSS MiB: start {memory[0] / 1024:.0f}, min {min(memory) / 1024:.0f}, "
          f"max {max(memory) / 1024:.0f}, end {memory[-1] / 1024:.0f}")
    print(f"idle CPU (< 5 % over a second) {idle_after} s after the last answer"
          if idle_after else "CPU still busy 20 s after the last answer")
    print("RSS every 10 s (MiB):", " ".join(f"{kib / 1024:.0f}" for t, kib in rss if int(t) % 10 == 0))
    per_query = {}
    for name, status, seconds in legit:
        per_query.setdefault(name, []).append(seconds * 1000)
    for name, values in sorted(per_query.items()):
        print(f"  {name:24} {len(values):6} requests  median {statistics.median(values):6.1f} ms")
    print(f"server log: {log_path}")
    sys.exit(1 if failed or any(s != 503 for _, s, _ in wild) else 0)


if __name__ == "__main__":
    main()
