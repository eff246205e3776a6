#!/usr/bin/env bash
# tools/dev.sh — one entry point for a fresh machine.
#
#   tools/dev.sh scenarios [snapsim run args...]   install deps, build, run the bundled scenarios
#   tools/dev.sh test                             install deps, build, run every test through ctest
#   tools/dev.sh asan                             the same test suite under ASan+UBSan (build-asan/)
#   tools/dev.sh build                            install deps and build only
#
# Missing Debian packages are installed with apt-get (as root, or through sudo).
# Builds go to build/ (Release at -O2, unity batches; see CMakeLists.txt) and use every core.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(g++ cmake ninja-build pkg-config libyaml-cpp-dev libfmt-dev libboost-graph-dev
          libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
          libmimalloc-dev)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing missing packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$(nproc)"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  scenarios)
    install_missing; build build
    exec build/tools/snapsim/snapsim run "$@" ;;
  test)
    install_missing; build build
    cd build && exec ctest --output-on-failure -j "$(nproc)" "$@" ;;
  asan)
    install_missing; build build-asan -DSNAPSIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    cd build-asan && exec ctest --output-on-failure -j "$(nproc)" "$@" ;;
  build)
    install_missing; build build ;;
  *)
    echo "usage: tools/dev.sh scenarios|test|asan|build [args...]" >&2; exit 2 ;;
esac
