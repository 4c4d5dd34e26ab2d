#!/usr/bin/env python3
"""Training throughput of PyTorch's nn.RNN, nn.LSTM and nn.GRU (CPU) next to `dino train --mode text`, same data and sizes.

Not run by CI. Run from anywhere with the project's venv (see bench/pytorch/README.md):

    .venv/bin/python bench/pytorch/compare.py

For every (cell, hidden, precision) it times, one after the other (never both at once):

  PyTorch  nn.RNN(V, H, nonlinearity='tanh') (--cell rnn), nn.LSTM(V, H) or nn.GRU(V, H), one layer, + nn.Linear(H, V) trained like dino's text mode: vocabulary
           = sorted distinct characters of the file, one-hot input, the text split into B equal segments
           and every step taking the next T-character window of each (B streams, hidden state carried
           and detached; state reset and offset back to 0 when a window would run past a segment end),
           cross-entropy summed over the window and divided by B, every gradient element clamped to
           [-5, 5], torch.optim.SGD with lr 0.01. `--iterations` steps are timed with
           time.perf_counter after `--warmup` untimed steps; chars/s = iterations * B * T / seconds.
  dino     `<dino> train --mode text --cell C --data ... --hidden H --batch-size B --seq-length T --precision P
           --threads N --iterations I --print-every 0`; chars/s is read from dino's stderr line
           "trained I iterations in S s (... iterations/s, X characters/s)" (the training loop only, JIT
           warm-up included), and also computed from the wall time of the whole process (JVM start-up,
           loading the text, JIT warm-up).
"""
import argparse
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DINO = "java --add-modules jdk.incubator.vector -jar cli/target/dino.jar"
DINO_SUMMARY = re.compile(
    r"trained (\d+) iterations in ([0-9.]+) s \(([0-9.]+) iterations/s, ([0-9.]+) characters/s\)")


def int_list(text):
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got {text!r}")
    if not values or any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError(f"expected positive integers, got {text!r}")
    return values


def cell_list(text):
    cells = [c.strip().lower() for c in text.split(",") if c.strip()]
    for c in cells:
        if c not in ("rnn", "lstm", "gru"):
            raise argparse.ArgumentTypeError(f"unknown cell '{c}': use rnn, lstm or gru")
    if not cells:
        raise argparse.ArgumentTypeError("give at least one cell")
    return cells


def precision_list(text):
    values = [v.strip() for v in text.split(",") if v.strip()]
    if not values or any(v not in ("f32", "f64") for v in values):
        raise argparse.ArgumentTypeError(f"expected a comma-separated list of f32 and f64, got {text!r}")
    return values


ISA_ENV = {"avx2": {"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2",
                    "OPENBLAS_CORETYPE": "Haswell"}}
ISA_LIMITS = sorted(ISA_ENV["avx2"])


def isa_environment(isa):
    """The environment PyTorch's process needs for an instruction set: variables to set, and to remove. native is
    each library's own choice for this CPU, so it removes the variables that would limit one (a machine may set
    OPENBLAS_CORETYPE for all its processes; Debian's OpenBLAS then multiplies with those kernels)."""
    if isa == "native":
        return {}, [k for k in ISA_LIMITS if k in os.environ]
    return dict(ISA_ENV.get(isa, {})), []


def isa_child_environment(isa):
    wanted, unwanted = isa_environment(isa)
    child = {k: v for k, v in os.environ.items() if k not in unwanted}
    child.update(wanted)
    return child


def openblas_core():
    """The kernels OpenBLAS chose (openblas_get_corename), if PyTorch's BLAS is OpenBLAS; else None."""
    import ctypes
    for path in blas_libraries():
        if "openblas" in os.path.basename(path):
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return lib.openblas_get_corename().decode()
            except (OSError, AttributeError):
                return None
    return None


def blas_libraries():
    """The BLAS and OpenMP libraries this process has loaded (after importing torch and multiplying once)."""
    found = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) > 5 else ""
                if re.search(r"lib(open)?blas|libmkl|libblis|libgomp|libomp", path):
                    found.add(os.path.realpath(path))
    except OSError:
        pass
    return sorted(found)
ISA_JVM = {"avx2": "-XX:UseAVX=2"}


def isa_list(text):
    isas = [c.strip().lower() for c in text.split(",") if c.strip()]
    for isa in isas:
        if isa not in ("native", "avx2"):
            raise argparse.ArgumentTypeError(f"unknown instruction set '{isa}': use native or avx2")
    if not isas:
        raise argparse.ArgumentTypeError("give at least one instruction set")
    return isas


def without_isa(argv):
    """argv without its --isa option, to run this script again for one instruction set."""
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--isa":
            skip = True
        elif not a.startswith("--isa="):
            out.append(a)
    return out


def isa_prefix(prefix, isa):
    """The dino command for an instruction set: the JVM option after `java`, or in DINO_JAVA_OPTS for ./dino."""
    option = ISA_JVM.get(isa)
    if option is None:
        return prefix
    if os.path.basename(prefix[0]) == "java":
        return prefix[:1] + [option] + prefix[1:]
    os.environ["DINO_JAVA_OPTS"] = (os.environ.get("DINO_JAVA_OPTS", "") + " " + option).strip()
    return prefix


def positive(text):
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="compare.py",
        description="Measure the training throughput (characters per second) of PyTorch CPU nn.RNN (tanh, "
                    "1 layer) and of `dino train --mode text` on the same text and sizes, and print them side "
                    "by side as a Markdown table. Each (hidden, precision) pair is measured PyTorch first, "
                    "then dino, sequentially; run it on an otherwise idle machine.",
        epilog="Example (the full comparison, from the project root):\n"
               "  .venv/bin/python bench/pytorch/compare.py --hidden 256,512 --precision f32,f64 \\\n"
               "      --threads 2 --iterations 400 --json bench-pytorch.json\n"
               "Short check:  .venv/bin/python bench/pytorch/compare.py --hidden 128 --iterations 20\n"
               "Relative paths (--data, the jar in --dino) are taken from the project root.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cell", type=cell_list, default=["rnn"], metavar="C[,C...]",
                   help="recurrent cells to compare: rnn (tanh; dino's reference model), lstm, gru (default: rnn)")
    p.add_argument("--hidden", type=int_list, default=[256, 512], metavar="N[,N...]",
                   help="hidden sizes n_a to measure (default: 256,512)")
    p.add_argument("--batch-size", type=positive, default=32, metavar="B",
                   help="text streams per optimizer step (default: 32)")
    p.add_argument("--seq-length", type=positive, default=25, metavar="T",
                   help="characters per backpropagation window (default: 25)")
    p.add_argument("--precision", type=precision_list, default=["f32", "f64"], metavar="P[,P...]",
                   help="f32 and/or f64: float32/float64 in PyTorch, dino --precision (default: f32,f64)")
    p.add_argument("--threads", type=positive, default=2, metavar="N",
                   help="torch.set_num_threads(N) and dino --threads N (default: 2)")
    p.add_argument("--iterations", type=positive, default=400, metavar="N",
                   help="optimizer steps: PyTorch times N steps after the warm-up; dino runs N steps in all, "
                        "its JIT warm-up included, so keep N large enough that warm-up is small (default: 400)")
    p.add_argument("--warmup", type=int, default=5, metavar="N",
                   help="untimed PyTorch steps before the timed ones (default: 5)")
    p.add_argument("--repeat", type=positive, default=1, metavar="R",
                   help="measure each pair R times, alternating PyTorch and dino; the table shows medians "
                        "(default: 1)")
    p.add_argument("--data", default="data/tinyshakespeare.txt", metavar="FILE",
                   help="UTF-8 training text (default: data/tinyshakespeare.txt)")
    p.add_argument("--dino", default=DEFAULT_DINO, metavar="CMD",
                   help=f"command prefix that runs dino, split like a shell would (default: \"{DEFAULT_DINO}\"); "
                        "e.g. \"./dino\" for the launcher. The jar cli/target/dino.jar is built with Maven "
                        "first if the prefix names it and it is missing")
    p.add_argument("--skip-dino", action="store_true", help="measure PyTorch only")
    p.add_argument("--skip-torch", action="store_true", help="measure dino only (PyTorch need not be installed)")
    p.add_argument("--json", metavar="FILE", help="also write every number (and the environment) to FILE as JSON")
    p.add_argument("--isa", type=isa_list, default=["native"], metavar="ISA[,ISA...]",
                   help="instruction sets to measure both sides on, one table each: native (what the CPU has) "
                        "and/or avx2 (PyTorch with ATEN_CPU_CAPABILITY=avx2, MKL_ENABLE_INSTRUCTIONS=AVX2, "
                        "ONEDNN_MAX_CPU_ISA=AVX2, OPENBLAS_CORETYPE=Haswell; the JVM with -XX:UseAVX=2, HotSpot's "
                        "AVX2 registers and 256-bit vectors) (default: native, which removes those variables); "
                        "with several, --json FILE becomes FILE-ISA.json for each")
    args = p.parse_args(argv)
    if args.skip_dino and args.skip_torch:
        p.error("--skip-dino and --skip-torch together leave nothing to measure")
    if args.warmup < 0:
        p.error("--warmup must be 0 or more")
    return args


def resolve(path):
    """A relative path is taken from the current folder if it exists there, else from the project root."""
    if os.path.isabs(path) or os.path.exists(path):
        return os.path.abspath(path)
    return os.path.join(ROOT, path)


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- environment

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def java_version(prefix):
    head = prefix[0] if prefix and os.path.basename(prefix[0]).startswith("java") else "java"
    try:
        r = subprocess.run([head, "-version"], capture_output=True, text=True, cwd=ROOT, timeout=60)
        lines = (r.stderr or r.stdout).strip().splitlines()
        return lines[0] if lines else "unknown"
    except (OSError, subprocess.SubprocessError) as e:
        return f"unavailable ({e})"


def ensure_jar(prefix):
    """Builds cli/target/dino.jar once (mvn -DskipTests package) when the prefix names it and it is missing."""
    jar = os.path.join(ROOT, "cli", "target", "dino.jar")
    named = any(os.path.abspath(os.path.join(ROOT, t)) == jar for t in prefix if t.endswith(".jar"))
    if not named or os.path.exists(jar):
        return
    log(f"{jar} is missing: building it with mvn -B -ntp -q -DskipTests package in {ROOT}")
    r = subprocess.run(["mvn", "-B", "-ntp", "-q", "-DskipTests", "package"], cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"compare.py: the Maven build failed (exit code {r.returncode})")
    if not os.path.exists(jar):
        sys.exit(f"compare.py: {jar} is still missing after the build")


# ---------------------------------------------------------------------------------------------- PyTorch

def import_torch():
    try:
        import torch
    except ImportError:
        sys.exit("compare.py: PyTorch is not installed for " + sys.executable + ": run it with the venv, "
                 ".venv/bin/python bench/pytorch/compare.py (README.md there says how to make it), "
                 "or pass --skip-torch")
    return torch


def load_text(torch, path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    return data, len(chars)


def torch_run(torch, cell, data, vocab, hidden, batch, seq, precision, warmup, iterations):
    """Seconds for `iterations` optimizer steps after `warmup` untimed ones."""
    nn = torch.nn
    dtype = torch.float32 if precision == "f32" else torch.float64
    torch.manual_seed(0)
    if cell == "lstm":
        rnn = nn.LSTM(vocab, hidden, num_layers=1).to(dtype)
    elif cell == "gru":
        rnn = nn.GRU(vocab, hidden, num_layers=1).to(dtype)
    else:
        rnn = nn.RNN(vocab, hidden, num_layers=1, nonlinearity="tanh").to(dtype)
    out = nn.Linear(hidden, vocab).to(dtype)
    params = list(rnn.parameters()) + list(out.parameters())
    opt = torch.optim.SGD(params, lr=0.01)
    eye = torch.eye(vocab, dtype=dtype)
    segment = len(data) // batch
    if segment < seq + 2:
        sys.exit(f"compare.py: the text is too short for {batch} streams of windows of {seq + 1} characters")
    stream_starts = torch.arange(batch, dtype=torch.long) * segment          # (B,)
    within = torch.arange(seq, dtype=torch.long).unsqueeze(1)               # (T, 1)
    state = {"position": 0, "h": None, "first": True}

    def step():
        # As dino's TrainingSession: reset every stream and go back to offset 0 when the next window
        # (plus its one-further target) would run past the end of a segment.
        if state["first"] or state["position"] + seq + 1 >= segment:
            state["h"] = torch.zeros(1, batch, hidden, dtype=dtype)
            if cell == "lstm":
                state["h"] = (state["h"], torch.zeros(1, batch, hidden, dtype=dtype))
            state["position"] = 0
            state["first"] = False
        where = within + (stream_starts + state["position"]).unsqueeze(0)   # (T, B) text offsets
        x = eye[data[where]]                                                # (T, B, V) one-hot
        y = data[where + 1]                                                 # (T, B)
        hs, h_last = rnn(x, state["h"])
        logits = out(hs)
        loss = nn.functional.cross_entropy(logits.reshape(-1, vocab), y.reshape(-1), reduction="sum") / batch
        opt.zero_grad()
        loss.backward()
        for p in params:
            p.grad.clamp_(-5.0, 5.0)
        opt.step()
        state["h"] = tuple(h.detach() for h in h_last) if cell == "lstm" else h_last.detach()
        state["position"] += seq
        return loss.item()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(iterations):
        loss = step()
    seconds = time.perf_counter() - start
    if loss != loss or loss in (float("inf"), float("-inf")):
        log(f"  warning: PyTorch loss is {loss} at the last step")
    return seconds, loss


# ---------------------------------------------------------------------------------------------- dino

def dino_run(prefix, cell, data_path, hidden, batch, seq, precision, threads, iterations):
    cmd = prefix + ["train", "--mode", "text", "--cell", cell, "--data", data_path, "--hidden", str(hidden),
                    "--batch-size", str(batch), "--seq-length", str(seq), "--precision", precision,
                    "--threads", str(threads), "--iterations", str(iterations), "--print-every", "0"]
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    result = {"command": " ".join(shlex.quote(c) for c in cmd), "exit_code": r.returncode, "wall_s": wall}
    m = DINO_SUMMARY.search(r.stderr)
    if r.returncode != 0 or not m:
        result["error"] = r.stderr.strip()[-2000:] or f"exit code {r.returncode}, no summary line"
        return result
    kernels = re.search(r"^kernels: .*$", r.stderr, re.M)
    result.update({
        "kernels": kernels.group(0) if kernels else None,
        "iterations": int(m.group(1)),
        "train_s": float(m.group(2)),
        "chars_per_s": float(m.group(4)),
        "chars_per_s_wall": int(m.group(1)) * batch * seq / wall,
    })
    return result


# ---------------------------------------------------------------------------------------------- report

def fmt(value):
    return "n/a" if value is None else f"{value:,.0f}"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main(argv):
    args = parse_args(argv)
    data_path = resolve(args.data)
    if not os.path.isfile(data_path):
        sys.exit(f"compare.py: no data file {data_path}")
    isa = args.isa[0]
    wanted, unwanted = isa_environment(isa)
    if len(args.isa) > 1 or unwanted or any(os.environ.get(k) != v for k, v in wanted.items()):
        # PyTorch reads its instruction set when it is imported: each ISA runs in a process of its own.
        status = 0
        for one in args.isa:
            child = isa_child_environment(one)
            extra = ["--isa", one]
            if args.json and len(args.isa) > 1:
                stem, ext = os.path.splitext(args.json)
                extra += ["--json", f"{stem}-{one}{ext or '.json'}"]  # one file per instruction set
            status |= subprocess.run([sys.executable, os.path.abspath(__file__)] + without_isa(argv) + extra,
                                     env=child).returncode
            print()
        return status
    prefix = isa_prefix(shlex.split(args.dino), isa)
    B, T, N, I = args.batch_size, args.seq_length, args.threads, args.iterations

    env = {"cpu": cpu_model(), "cpus": os.cpu_count(), "python": platform.python_version(), "isa": isa,
           "isa_environment": wanted, "isa_jvm_option": ISA_JVM.get(isa)}
    torch = None
    if not args.skip_torch:
        torch = import_torch()
        torch.set_num_threads(N)
        env["torch"] = torch.__version__
        env["torch_parallel_info"] = torch.__config__.parallel_info().strip().splitlines()[:9]
        torch.ones(8, 8) @ torch.ones(8, 8)  # loads the BLAS
        env["blas_libraries"] = blas_libraries()
        env["openblas_core"] = openblas_core()
        if any(os.path.dirname(path).endswith("/blas") for path in env["blas_libraries"]):
            log("warning: PyTorch multiplies with the reference BLAS (" + ", ".join(env["blas_libraries"]) + "), "
                "tens of times slower than an optimized one: with Debian's python3-torch, install libopenblas0-openmp")
        data, vocab = load_text(torch, data_path)
        env["vocabulary"] = vocab
        env["characters"] = len(data)
    if not args.skip_dino:
        ensure_jar(prefix)
        env["java"] = java_version(prefix)
        env["dino_command"] = args.dino

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    env["load_average_at_start"] = load
    if load > 0.5:
        log(f"warning: the 1-minute load average is {load:.2f} (it counts the last minute, earlier runs of this "
            "script too): other work on the machine skews both sides, "
            "PyTorch's OpenMP threads most of all (they wait for one another at every operation)")

    results = []
    for cell, hidden, precision in [(c, h, p) for c in args.cell for h in args.hidden for p in args.precision]:
        if True:
            row = {"cell": cell, "hidden": hidden, "precision": precision, "threads": N, "batch_size": B, "seq_length": T,
                   "iterations": I, "torch": [], "dino": []}
            for rep in range(args.repeat):
                tag = f"{cell} n_a={hidden} {precision} threads={N}" + (f" run {rep + 1}/{args.repeat}" if args.repeat > 1 else "")
                if torch is not None:
                    seconds, loss = torch_run(torch, cell, data, vocab, hidden, B, T, precision, args.warmup, I)
                    cps = I * B * T / seconds
                    row["torch"].append({"seconds": seconds, "chars_per_s": cps, "last_loss": loss,
                                         "warmup_steps": args.warmup})
                    log(f"{tag}: PyTorch {I} steps in {seconds:.3f} s, {cps:,.0f} chars/s")
                if not args.skip_dino:
                    if torch is not None:
                        time.sleep(1.0)  # let PyTorch's OpenMP threads stop spinning before dino starts
                    d = dino_run(prefix, cell, data_path, hidden, B, T, precision, N, I)
                    row["dino"].append(d)
                    if "error" in d:
                        log(f"{tag}: dino failed: {d['error']}")
                    else:
                        log(f"{tag}: dino {d['iterations']} steps in {d['train_s']:.3f} s in-process "
                            f"({d['chars_per_s']:,.0f} chars/s), {d['wall_s']:.3f} s whole process "
                            f"({d['chars_per_s_wall']:,.0f} chars/s)")
            row["torch_chars_per_s"] = median(r["chars_per_s"] for r in row["torch"])
            row["dino_chars_per_s"] = median(r.get("chars_per_s") for r in row["dino"])
            row["dino_chars_per_s_wall"] = median(r.get("chars_per_s_wall") for r in row["dino"])
            row["dino_wall_s"] = median(r.get("wall_s") for r in row["dino"] if "error" not in r)
            t, d = row["torch_chars_per_s"], row["dino_chars_per_s"]
            row["ratio_dino_over_torch"] = d / t if t and d else None
            row["ratio_dino_wall_over_torch"] = (row["dino_chars_per_s_wall"] / t
                                                 if t and row["dino_chars_per_s_wall"] else None)
            results.append(row)

    kernels = next((d.get("kernels") for r in results for d in r["dino"] if d.get("kernels")), None)
    print(f"ISA: {isa}" + (f" (PyTorch with {', '.join(k + '=' + v for k, v in wanted.items())}; "
                           f"dino with {ISA_JVM[isa]})" if wanted else " (each side's default for this CPU)"))
    print(f"Character-level RNN training (one layer), {os.path.relpath(data_path, ROOT)}, B = {B}, T = {T}, "
          f"{I} timed steps" + (f" (PyTorch after {args.warmup} warm-up steps)" if torch is not None else "")
          + (f", median of {args.repeat} runs" if args.repeat > 1 else "") + "; characters per second.")
    print()
    print("| cell | hidden | precision | threads | PyTorch chars/s | dino chars/s (in-process) "
          "| dino chars/s (whole process) | dino/PyTorch (in-process) | dino/PyTorch (whole process) |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        ratio = "n/a" if r["ratio_dino_over_torch"] is None else f"{r['ratio_dino_over_torch']:.2f}"
        ratio_wall = "n/a" if r["ratio_dino_wall_over_torch"] is None else f"{r['ratio_dino_wall_over_torch']:.2f}"
        print(f"| {r['cell']} | {r['hidden']} | {r['precision']} | {r['threads']} | {fmt(r['torch_chars_per_s'])} "
              f"| {fmt(r['dino_chars_per_s'])} | {fmt(r['dino_chars_per_s_wall'])} | {ratio} | {ratio_wall} |")
    print()
    print(f"- CPU: {env['cpu']} ({env['cpus']} logical CPUs)")
    if torch is not None:
        print(f"- torch {env['torch']}, vocabulary {env['vocabulary']}, {env['characters']:,} characters; "
              "torch.__config__.parallel_info():")
        for line in env["torch_parallel_info"]:
            print(f"      {line.strip()}")
        print(f"- BLAS: {', '.join(env['blas_libraries']) or 'none found in /proc/self/maps'}"
              + (f"; OpenBLAS kernels: {env['openblas_core']}" if env["openblas_core"] else ""))
    if not args.skip_dino:
        print(f"- java: {env['java']}")
        print(f"- dino: `{args.dino}`" + (f", {kernels}" if kernels else ""))
        print("- dino in-process = its own \"trained ... characters/s\" (training loop incl. JIT warm-up); "
              "whole process = iterations x B x T / wall time of the command (JVM start-up, loading, warm-up).")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"options": {k: v for k, v in vars(args).items()}, "data": data_path,
                       "environment": env, "results": results}, f, indent=2)
            f.write("\n")
        log(f"wrote {args.json}")
    failed = any("error" in d for r in results for d in r["dino"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
