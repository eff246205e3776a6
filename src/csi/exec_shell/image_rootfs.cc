#include "src/csi/exec_shell/image_rootfs.h"

#include <array>
#include <map>

#include "src/csi/exec_shell/command.h"

namespace snapsim::csi::shell {
namespace {

constexpr std::string_view kMarker = "snapsim:";

constexpr std::array<std::string_view, 19> kTopDirs = {
    "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt",
    "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var"};

void Put(ecs::FileTree& t, std::string_view path, std::string_view data) {
  (void)t.Write(path, data);
}

constexpr std::string_view kNginxIndex =
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { "
    "color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, "
    "Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If "
    "you see this page, the nginx web server is successfully installed and\nworking. Further "
    "configuration is required.</p>\n\n<p>For online documentation and support please refer "
    "to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available "
    "at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using "
    "nginx.</em></p>\n</body>\n</html>\n";

constexpr std::string_view kNginxConf =
    "\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid "
    "       /var/run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    "
    "include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    "
    "log_format  main  '$remote_addr - $remote_user [$time_local] \"$request\" '\n              "
    "        '$status $body_bytes_sent \"$http_referer\" '\n                      "
    "'\"$http_user_agent\" \"$http_x_forwarded_for\"';\n\n    access_log  "
    "/var/log/nginx/access.log  main;\n\n    sendfile        on;\n    #tcp_nopush     on;\n\n    "
    "keepalive_timeout  65;\n\n    #gzip  on;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n";

constexpr std::string_view kDebianOsRelease =
    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
    "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n"
    "HOME_URL=\"https://www.debian.org/\"\nSUPPORT_URL=\"https://www.debian.org/support\"\n"
    "BUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

}  // namespace

std::string ImageBaseName(std::string_view image) {
  if (auto at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
  if (auto slash = image.rfind('/'); slash != std::string_view::npos) {
    image = image.substr(slash + 1);
  }
  if (auto colon = image.find(':'); colon != std::string_view::npos) {
    image = image.substr(0, colon);
  }
  return std::string(image);
}

std::string ProgramFile(std::string_view implementation, std::string_view tool) {
  std::string s = "\x7f" "ELF\x02\x01\x01";
  s += kMarker;
  s += implementation;
  s += ':';
  s += tool;
  s += '\n';
  return s;
}

std::optional<ProgramInfo> ParseProgramFile(std::string_view contents) {
  if (contents.substr(0, 4) != "\x7f" "ELF") return std::nullopt;
  auto m = contents.find(kMarker);
  if (m == std::string_view::npos) return std::nullopt;
  std::string_view rest = contents.substr(m + kMarker.size());
  auto colon = rest.find(':');
  auto nl = rest.find('\n');
  if (colon == std::string_view::npos || nl == std::string_view::npos || nl < colon) {
    return std::nullopt;
  }
  return ProgramInfo{std::string(rest.substr(0, colon)),
                     std::string(rest.substr(colon + 1, nl - colon - 1))};
}

namespace {

ecs::FileTree BuildImageRootFs(const std::string& base) {
  const bool busybox = base == "busybox" || base == "alpine";
  ecs::FileTree t;
  for (auto d : kTopDirs) (void)t.Mkdir(d);
  for (auto d : {"usr/bin", "usr/sbin", "usr/lib", "usr/local/bin", "usr/share", "var/log",
                 "var/lib", "var/run", "etc/ssl"}) {
    (void)t.Mkdir(d, true);
  }
  Put(t, "dev/null", "");
  Put(t, "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
  Put(t, "etc/passwd", "root:x:0:0:root:/root:" + std::string(busybox ? "/bin/sh" : "/bin/bash") +
                           "\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
  Put(t, "etc/group", "root:x:0:\nnogroup:x:65534:\n");
  if (busybox) {
    for (const auto& tool : CommandNames()) Put(t, "bin/" + tool, ProgramFile("busybox", tool));
    Put(t, "bin/sh", ProgramFile("busybox", "sh"));
    Put(t, "bin/busybox", ProgramFile("busybox", "busybox"));
    if (base == "alpine") {
      Put(t, "etc/os-release",
          "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n"
          "PRETTY_NAME=\"Alpine Linux v3.19\"\nHOME_URL=\"https://alpinelinux.org/\"\n");
    }
    return t;
  }
  for (const auto& tool : CommandNames()) Put(t, "bin/" + tool, ProgramFile("coreutils", tool));
  Put(t, "bin/sh", ProgramFile("dash", "sh"));
  Put(t, "bin/dash", ProgramFile("dash", "sh"));
  Put(t, "bin/bash", ProgramFile("bash", "bash"));
  Put(t, "etc/os-release", kDebianOsRelease);
  Put(t, "etc/debian_version", "12.5\n");
  if (base == "nginx") {
    Put(t, "usr/sbin/nginx", ProgramFile("nginx", "nginx"));
    (void)t.Mkdir("usr/share/nginx/html", true);
    Put(t, "usr/share/nginx/html/index.html", kNginxIndex);
    Put(t, "usr/share/nginx/html/50x.html",
        "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error "
        "occurred.</h1>\n</body>\n</html>\n");
    (void)t.Mkdir("etc/nginx/conf.d", true);
    Put(t, "etc/nginx/nginx.conf", kNginxConf);
    Put(t, "etc/nginx/conf.d/default.conf",
        "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    "
        "location / {\n        root   /usr/share/nginx/html;\n        index  index.html "
        "index.htm;\n    }\n}\n");
    (void)t.Mkdir("var/log/nginx", true);
    (void)t.Mkdir("var/cache/nginx", true);
  }
  return t;
}

}  // namespace

ecs::FileTree ImageRootFs(std::string_view image) { return ImageRootFs(image, "localhost"); }

ecs::FileTree ImageRootFs(std::string_view image, std::string_view hostname) {
  // Trees are persistent (a copy shares every node), so each image's tree is built once
  // per thread and a container gets a copy with its own /etc/hostname. Bounded: images
  // are few, but scenarios may name any.
  constexpr std::size_t kMaxImages = 64;
  thread_local std::map<std::string, ecs::FileTree, std::less<>> built;
  std::string base = ImageBaseName(image);
  auto it = built.find(base);
  if (it == built.end()) {
    if (built.size() >= kMaxImages) built.clear();
    it = built.emplace(base, BuildImageRootFs(base)).first;
  }
  ecs::FileTree t = it->second;
  Put(t, "etc/hostname", std::string(hostname) + "\n");
  return t;
}

}  // namespace snapsim::csi::shell
