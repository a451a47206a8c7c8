# nix/bench.nix: a benchmark run comparing up to five strix sources, A to E,
# each with a name and extra VM arguments (and, unless reference = false,
# luajit, luajit -joff and lua5.1), with strix-bench. The report, CSV, JSON
# and SVG plots land in result/.
#
#   nix-build nix/bench.nix --arg Asrc ./. --argstr Aname main \
#     --arg Bsrc ../strix-wip --argstr Bname wip --argstr Bargs --interp=ref \
#     --arg runs 10 --argstr benchmarks "fib nbody"
#   ls result/   # report.md runs.csv iterations.csv summary.csv results.json ratios.svg timelines/
{ pkgs ? import <nixpkgs> { }
, Asrc ? ../., Aname ? "A", Aargs ? ""
, Bsrc ? null, Bname ? "B", Bargs ? ""
, Csrc ? null, Cname ? "C", Cargs ? ""
, Dsrc ? null, Dname ? "D", Dargs ? ""
, Esrc ? null, Ename ? "E", Eargs ? ""
  # Process executions per benchmark and VM, and in-process iterations each.
, runs ? 5
, iters ? 1
  # "bench" (each benchmark's size from bench/index), "check", or a number.
, size ? "bench"
  # wall, cpu or steady (see strix-bench --help).
, metric ? "wall"
, timeout ? 300
  # Space-separated benchmark names; empty for all of them.
, benchmarks ? ""
  # Also run luajit, luajit -joff and lua5.1 from nixpkgs.
, reference ? true
  # Ratios against this VM's name; empty for A.
, baseline ? ""
, quick ? false
}:

let
  lib = pkgs.lib;
  sources = builtins.filter (s: s.src != null) [
    { src = Asrc; name = Aname; args = Aargs; }
    { src = Bsrc; name = Bname; args = Bargs; }
    { src = Csrc; name = Cname; args = Cargs; }
    { src = Dsrc; name = Dname; args = Dargs; }
    { src = Esrc; name = Ename; args = Eargs; }
  ];
  build = s: import ../default.nix { inherit pkgs; source = s.src; name = "strix-${s.name}"; };
  # The runner and the benchmark programs come from A.
  runner = build (builtins.head sources);
  benchSrc = import ./source.nix { inherit lib; } Asrc;
  vmFlag = s: "--vm " + lib.escapeShellArg "${s.name}=${build s}/bin/strix ${s.args}";
  flags = lib.concatStringsSep " " (
    map vmFlag sources
    ++ lib.optionals reference [ "--vm luajit" "--vm luajit-joff" "--vm lua5.1" ]
    ++ [
      "--runs ${toString runs}"
      "--iters ${toString iters}"
      "--size ${lib.escapeShellArg (toString size)}"
      "--metric ${lib.escapeShellArg metric}"
      "--timeout ${toString timeout}"
    ]
    ++ lib.optional (baseline != "") "--baseline ${lib.escapeShellArg baseline}"
    ++ lib.optional quick "--quick"
    ++ map lib.escapeShellArg (lib.filter (b: b != "") (lib.splitString " " benchmarks))
  );
in
pkgs.runCommand "strix-bench-results"
  {
    nativeBuildInputs = [ runner ] ++ lib.optional reference (import ./refvms.nix { inherit pkgs; });
  }
  ''
    mkdir -p $out
    strix-bench --root ${benchSrc}/testsuite --out $out --scratch "$TMPDIR/scratch" ${flags} \
      2> >(tee $out/progress.log >&2)
  ''
