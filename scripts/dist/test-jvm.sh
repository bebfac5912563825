#!/usr/bin/env bash
# Proves the JVM artifacts scripts/dist/jvm.sh installed, as a user gets them: with no cargo on PATH, a fresh Maven
# project depends on dev.composio:composio-rs-kotlin and (test scope) dev.composio:composio-rs-emulator from the
# local Maven repository, and runs the repo's shared cases (tests/cases/*.json) with the repo's Kotlin runner. No
# jna.library.path, no emulator path: the library loads from the jar and dev.composio.testing.Emulator runs the
# binary of the emulator artifact. Fails when a case fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
start=$SECONDS

PATH=$(echo "$PATH" | tr ':' '\n' | grep -v -e cargo -e rustup | paste -sd:)
export PATH
if command -v cargo >/dev/null; then
  echo "cargo is still on PATH ($(command -v cargo))" >&2
  exit 1
fi
unset COMPOSIO_EMULATOR_BIN LD_LIBRARY_PATH JAVA_TOOL_OPTIONS MAVEN_OPTS

kotlin=bindings/uniffi/kotlin
# The first <$2> of the project itself (two spaces in), portably (BSD sed has no 0,/re/ address).
pom_field() { awk -v t="$2" 'index($0, "  <" t ">") == 1 { v = substr($0, length(t) + 5); sub("</" t ">.*", "", v); print v; exit }' "$1"; }
group=$(pom_field $kotlin/pom.xml groupId)
artifact=$(pom_field $kotlin/pom.xml artifactId)
version=$(pom_field $kotlin/pom.xml version)
emu_artifact=$(pom_field $kotlin/emulator/pom.xml artifactId)
kotlin_version=$(sed -n 's/.*<kotlin.version>\(.*\)<\/kotlin.version>.*/\1/p' $kotlin/pom.xml)
m2=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
for a in "$artifact" "$emu_artifact"; do
  jar=$m2/${group//.//}/$a/$version/$a-$version.jar
  [ -f "$jar" ] || { echo "$jar is not installed: run scripts/dist/jvm.sh first" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tests=$work/src/test/kotlin/dev/composio
mkdir -p "$tests"
# The repo's runner: its Emulator.kt starts dev.composio.testing.Emulator, which, with no composio.emulator
# property (this pom sets none), runs the binary of the emulator artifact.
for f in SharedCasesTest.kt GeneratedDispatch.kt WebhooksTest.kt Emulator.kt; do
  cp "$kotlin/src/test/kotlin/dev/composio/$f" "$tests/"
done
cat > "$tests/InstalledTest.kt" <<'EOF'
package dev.composio

import com.sun.jna.NativeLibrary
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** What runs is what the artifacts ship: nothing from the repo's cargo target dir. */
class InstalledTest {
    private val repo = System.getProperty("composio.repo")

    @Test
    fun `the library loads from the jar and the emulator from its artifact`() {
        assertNull(System.getProperty("jna.library.path"))
        assertNull(System.getProperty("composio.emulator"))
        assertNull(System.getenv("COMPOSIO_EMULATOR_BIN"))
        val binary = Emulator.instance.binary.toAbsolutePath().toString()
        assertFalse(binary.startsWith(repo), binary)
        assertTrue(binary.contains("composio-emulator-"), binary)
        assertEquals(1, Emulator.client().tools().listBlocking(dev.composio.models.ToolListParams(limit = 1u)).items.size)
        val library = NativeLibrary.getInstance("composio_uniffi").file?.absolutePath ?: "?"
        assertFalse(library.startsWith(repo), library)
        println("native library: $library; emulator: $binary")
    }
}
EOF

cat > "$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>uses-composio-rs</artifactId>
  <version>1</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <kotlin.compiler.jvmTarget>17</kotlin.compiler.jvmTarget>
  </properties>
  <dependencies>
    <dependency>
      <groupId>$group</groupId>
      <artifactId>$artifact</artifactId>
      <version>$version</version>
    </dependency>
    <dependency>
      <groupId>$group</groupId>
      <artifactId>$emu_artifact</artifactId>
      <version>$version</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.12.2</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.jetbrains.kotlin</groupId>
      <artifactId>kotlin-reflect</artifactId>
      <version>$kotlin_version</version>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.json</groupId>
      <artifactId>json</artifactId>
      <version>20250517</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <build>
    <testSourceDirectory>src/test/kotlin</testSourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.jetbrains.kotlin</groupId>
        <artifactId>kotlin-maven-plugin</artifactId>
        <version>$kotlin_version</version>
        <executions>
          <execution>
            <id>test-compile</id>
            <goals><goal>test-compile</goal></goals>
          </execution>
        </executions>
        <configuration>
          <args><arg>-nowarn</arg></args>
        </configuration>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.3</version>
        <configuration>
          <trimStackTrace>false</trimStackTrace>
          <systemPropertyVariables>
            <composio.cases>$root/tests/cases/operations.json</composio.cases>
            <composio.repo>$root</composio.repo>
          </systemPropertyVariables>
          <environmentVariables>
            <COMPOSIO_API_KEY></COMPOSIO_API_KEY>
            <COMPOSIO_ORG_API_KEY></COMPOSIO_ORG_API_KEY>
            <COMPOSIO_BASE_URL></COMPOSIO_BASE_URL>
          </environmentVariables>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF

echo "== $group:$artifact:$version + $emu_artifact (test) in a fresh project, cargo not on PATH"
status=0
(cd "$work" && mvn -B -q test) || status=$?
grep -h "Tests run" "$work"/target/surefire-reports/*.txt 2>/dev/null || true
echo "== test-jvm: $((SECONDS - start))s"
if [ "$status" != 0 ]; then
  echo "test-jvm: FAILED (mvn exit $status)" >&2
  exit "$status"
fi
runs=$(cat "$work"/target/surefire-reports/*.txt | awk -F'[:,] *' '/^Tests run:/ { n += $2 } END { print n + 0 }')
[ "${runs:-0}" -gt 0 ] || { echo "test-jvm: no test ran" >&2; exit 1; }
echo "test-jvm: ok ($runs tests)"
