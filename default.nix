# default.nix: the strix package, built from Cargo.lock with nixpkgs'
# rustPlatform: the VM (`strix`), `studio-export`, and the runners
# `strix-test` and `strix-bench`, with the benchmark programs in
# share/strix/testsuite/bench.
#
#   nix-build                                # ./result/bin/strix
#   nix-build --arg source ../other-checkout # another tree (A/B comparisons)
{ pkgs ? import <nixpkgs> { }
, source ? ./.
, name ? "strix"
}:

let
  src = import ./nix/source.nix { inherit (pkgs) lib; } source;
in
pkgs.rustPlatform.buildRustPackage {
  pname = name;
  version = "0.1.0";
  inherit src;
  cargoLock.lockFile = source + "/Cargo.lock";

  # The Rust unit tests run in nix/testsuite.nix (with the reference VMs at hand).
  doCheck = false;

  postInstall = ''
    mkdir -p $out/share/strix/testsuite
    cp -r testsuite/bench $out/share/strix/testsuite/
  '';

  meta = {
    description = "A Lua 5.1 / LuaJIT 2.1 compatible VM in Rust, in the RaptorJIT tradition";
    license = pkgs.lib.licenses.mit;
    platforms = [ "x86_64-linux" ];
    mainProgram = "strix";
  };
}
