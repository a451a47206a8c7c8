# nix/source.nix: a strix source tree as nix copies it into the store: the
# checkout without .git, build outputs (target/, result*) or editor files.
{ lib }:
src:
lib.cleanSourceWith {
  inherit src;
  filter = path: type:
    let base = baseNameOf path;
    in !(type == "directory" && (base == "target" || lib.hasPrefix "target-" base))
       && !(lib.hasPrefix "result" base)
       && !(lib.hasPrefix "bench-results" base);
  name = "strix-source";
}
