// SPDX-License-Identifier: Apache-2.0
// In-process cost of hardrun's create path on a real bundle: parse (config + config.json),
// decide (rule, checks, rewrite), store (config.json + exec limits) and the decision log.
// Usage: hardrun_bench_create SPEC_FIXTURE [ITERATIONS]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "app/evaluate.hpp"
#include "audit/decision_log.hpp"
#include "base/files.hpp"
#include "bundle/bundle.hpp"
#include "policy/parse.hpp"
#include "runtime/exec_state.hpp"
#include "runtime/host_facts.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::micro>(b - a).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    using namespace hardrun;
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s SPEC_FIXTURE [ITERATIONS]\n", argv[0]);
        return 2;
    }
    const int iterations = argc > 2 ? std::stoi(argv[2]) : 2000;
    auto fixture = read_file(argv[1], 1 << 24);
    if (!fixture) return std::fprintf(stderr, "%s\n", fixture.error().message().c_str()), 1;
    // Engines keep bundles and runtime state on tmpfs (/run); /dev/shm is the same kind.
    char dir[] = "/dev/shm/hardrun-bench-XXXXXX";
    if (::mkdtemp(dir) == nullptr) return 1;
    const std::string base(dir);
    const std::string policy_text = R"({"state_dir": ")" + base + R"(/state", "decision_log": {"sink": "file", "path": ")" + base + R"(/decisions.log"}})";

    std::vector<double> parse, decide, store, log, total;
    for (int i = 0; i < iterations; ++i) {
        if (!replace_file(base + "/config.json", *fixture, 0644)) return 1;
        const auto t0 = Clock::now();
        auto config = policy::parse_config_text(policy_text, "bench");
        auto bundle = bundle::load_bundle(base);
        if (!config || !bundle) return std::fprintf(stderr, "load failed\n"), 1;
        const auto t1 = Clock::now();
        auto ev = app::evaluate(*config, runtime::probe_host_facts(), bundle->spec, "moby");
        if (!ev) return std::fprintf(stderr, "%s\n", ev.error().message().c_str()), 1;
        const auto t2 = Clock::now();
        if (!bundle::store_spec(*bundle, ev->rewritten)) return 1;
        if (!runtime::save_exec_state(runtime::exec_state_path(config->state_dir, "/run/x", "c"),
                                      spec::exec_limits_to_json(ev->exec_limits))) {
            return 1;
        }
        const auto t3 = Clock::now();
        auto decisions = audit::DecisionLog::open(config->decision_log);
        if (!decisions || !decisions->record(Json{{"changes", ev->changes.size()}})) return 1;
        const auto t4 = Clock::now();
        parse.push_back(micros(t0, t1));
        decide.push_back(micros(t1, t2));
        store.push_back(micros(t2, t3));
        log.push_back(micros(t3, t4));
        total.push_back(micros(t0, t4));
    }
    std::printf("bench: create path in process, %d iterations, median microseconds\n", iterations);
    std::printf("bench:   parse (policy + config.json)   %8.1f\n", median(parse));
    std::printf("bench:   decide (rule, checks, rewrite) %8.1f\n", median(decide));
    std::printf("bench:   store (config.json, limits)    %8.1f\n", median(store));
    std::printf("bench:   decision log line              %8.1f\n", median(log));
    std::printf("bench:   total                          %8.1f\n", median(total));
    std::string cleanup = base;
    ::unlink((base + "/config.json").c_str());
    ::unlink((base + "/decisions.log").c_str());
    // The temp dir stays for inspection only when something above failed.
    ::rmdir(base.c_str());
    return 0;
}
