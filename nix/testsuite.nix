# nix/testsuite.nix: the whole test suite against a strix build, as
# scripts/test-all runs it: the Rust unit tests (`unit`), then the Lua
# conformance blocks under every mode, golden outputs, bad input and the
# benchmark results (`suite`, whose log lands in result*/test.log).
#
#   nix-build nix/testsuite.nix                     # this checkout
#   nix-build nix/testsuite.nix --arg source ../b   # another tree
{ pkgs ? import <nixpkgs> { }
, source ? ../.
}:

let
  strix = import ../default.nix { inherit pkgs source; };
  src = import ./source.nix { inherit (pkgs) lib; } source;
  refvms = import ./refvms.nix { inherit pkgs; };
in
{
  unit = strix.overrideAttrs (old: {
    pname = "strix-unit-tests";
    doCheck = true;
    nativeCheckInputs = (old.nativeCheckInputs or [ ]) ++ [ refvms ];
  });

  suite = pkgs.runCommand "strix-testsuite" { nativeBuildInputs = [ strix refvms ]; } ''
    cp -r ${src}/testsuite testsuite
    chmod -R u+w testsuite
    mkdir -p $out
    strix-test all --root "$PWD/testsuite" --vm ${strix}/bin/strix --mode all --slow \
      -j $NIX_BUILD_CORES 2>&1 | tee $out/test.log
    test "''${PIPESTATUS[0]}" -eq 0
  '';
}
