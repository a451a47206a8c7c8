# nix/refvms.nix: the reference VMs under the names the runners expect:
# `luajit` (2.1) and `lua5.1` (nixpkgs' Lua 5.1 installs it as `lua`).
{ pkgs }:
pkgs.runCommand "strix-reference-vms" { } ''
  mkdir -p $out/bin
  ln -s ${pkgs.luajit}/bin/luajit $out/bin/luajit
  ln -s ${pkgs.lua5_1}/bin/lua $out/bin/lua5.1
''
