// ImageRootFs: the root file system a container starts from, for an image reference
// ("nginx", "busybox", "nginx:1.25", "registry/x/nginx:tag", "x@sha256:...").
//
// Every image gets the usual top-level directories (bin dev etc home lib proc root run
// sbin srv sys tmp usr var), /dev/null, /etc/hostname, /etc/hosts, /etc/passwd,
// /etc/os-release, and its programs as files in /bin (and /usr/sbin/nginx). A program
// file holds a marker "snapsim:<implementation>:<tool>" that the shell reads to decide
// what runs (see ProgramInfo): removing /bin/ls makes `ls` "not found", as it would.
//   nginx (and any image not listed below): Debian bookworm — coreutils, /bin/sh is
//     dash, /bin/bash is bash; /usr/share/nginx/html/index.html, /etc/nginx/nginx.conf
//     for nginx.
//   busybox, alpine: everything is busybox; /bin/sh is ash; no bash.
// Deterministic: the same image always gives the same tree.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/fake_ecs/file_tree.h"

namespace snapsim::csi::shell {

ecs::FileTree ImageRootFs(std::string_view image);
// The same, with /etc/hostname holding `hostname` (what the kubelet mounts there).
ecs::FileTree ImageRootFs(std::string_view image, std::string_view hostname);

// "registry/x/nginx:1.25" -> "nginx"; "busybox@sha256:..." -> "busybox".
std::string ImageBaseName(std::string_view image);

// What a program file is: the marker's implementation ("coreutils", "dash", "bash",
// "busybox", "nginx") and tool ("ls", "sh", ...).
struct ProgramInfo {
  std::string implementation;
  std::string tool;
};
// The contents of a program file for that implementation and tool.
std::string ProgramFile(std::string_view implementation, std::string_view tool);
// Parses a file's contents; nullopt if it is not a program.
std::optional<ProgramInfo> ParseProgramFile(std::string_view contents);

}  // namespace snapsim::csi::shell
