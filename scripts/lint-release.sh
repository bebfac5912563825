#!/usr/bin/env bash
# The release pipeline, checked where it cannot run: .github/workflows/*.yml with actionlint (the `run:` scripts
# through shellcheck too), and the release scripts with shellcheck. Installs both (pinned) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
actionlint_version=v1.7.12
bin=$PWD/target/tools
if [ ! -x "$bin/actionlint" ] || ! "$bin/actionlint" -version | grep -qx "${actionlint_version#v}"; then
  GOBIN=$bin GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"
fi
if ! command -v shellcheck >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
fi
"$bin/actionlint" -shellcheck "$(command -v shellcheck)" .github/workflows/*.yml
shellcheck scripts/release/*.sh scripts/dist/profile.sh scripts/dist/native.sh scripts/dist/check-glibc.sh scripts/lint-release.sh
echo "release pipeline: actionlint $actionlint_version and shellcheck $(shellcheck --version | sed -n 's/^version: //p') find nothing"
