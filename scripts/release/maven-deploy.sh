#!/usr/bin/env bash
# Signs and deploys the assembled JVM artifacts (scripts/release/assemble.sh OUT/jvm) to Maven Central through its
# staging endpoint, with the credentials of the server `central` in ~/.m2/settings.xml (actions/setup-java writes
# it from MAVEN_USERNAME / MAVEN_PASSWORD) and the GPG key the runner imported. Run by the release workflow only.
set -euo pipefail
dir=${1:?usage: scripts/release/maven-deploy.sh DIR}
url=${MAVEN_STAGING_URL:-https://ossrh-staging-api.central.sonatype.com/service/local/staging/deploy/maven2/}
for pom in "$dir"/*.pom; do
  base=${pom%.pom}
  extra=()
  if [ -f "$base-sources.jar" ]; then extra=(-Dsources="$base-sources.jar"); fi
  mvn -B -q gpg:sign-and-deploy-file -Durl="$url" -DrepositoryId=central -DpomFile="$pom" -Dfile="$base.jar" "${extra[@]}"
done
