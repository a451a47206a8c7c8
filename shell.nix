# shell.nix: a development shell with the Rust toolchain, the reference VMs
# (luajit, lua5.1) and nix-instantiate for the CI's parse check.
#   nix-shell --run 'scripts/test-all'
{ pkgs ? import <nixpkgs> { } }:

pkgs.mkShell {
  packages = [
    pkgs.cargo
    pkgs.rustc
    pkgs.rustfmt
    pkgs.clippy
    pkgs.git
    pkgs.nix
    (import ./nix/refvms.nix { inherit pkgs; })
  ];
}
