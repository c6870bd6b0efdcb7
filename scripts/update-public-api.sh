#!/usr/bin/env bash
# Records the current public API of every library under src/ in its PublicAPI.Unshipped.txt, so that
# the build (where RS0016/RS0017 are errors) passes again after an intended change of the surface.
# Usage: bash scripts/update-public-api.sh [src/Project/Project.csproj ...]   (default: every library)
# Review the diff of the PublicAPI.*.txt files before committing: it is the API change.
#
# How: a project without PublicAPI.Shipped.txt gets one (just '#nullable enable'), which turns the
# tracking on (eng/Library.targets); PublicAPI.Unshipped.txt is emptied and refilled by the analyzer's
# own code fix for RS0016 ("add to the public API"), run by `dotnet format analyzers`. An API listed in
# PublicAPI.Shipped.txt that the code no longer has (RS0017) is a breaking change: the script stops
# and says so, since that needs a decision (mark it *REMOVED* in Unshipped, or keep the API).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "$#" -gt 0 ]; then
  projects=("$@")
else
  projects=()
  for project in src/*/*.csproj; do
    # The segment tool is an executable: nothing references its types, so its API is not tracked.
    if grep -q '<OutputType>Exe</OutputType>' "$project"; then continue; fi
    projects+=("$project")
  done
fi

for project in "${projects[@]}"; do
  if [ ! -f "$project" ]; then
    echo "error: $project does not exist; pass the path of a library's .csproj under src/." >&2
    exit 2
  fi
  dir=$(dirname "$project")
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  echo "Recording the public API of $project ..."
  dotnet restore "$project" >/dev/null
  dotnet format analyzers "$project" --no-restore --diagnostics RS0016 --severity warn >/dev/null
  echo "  $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) entries in $dir/PublicAPI.Unshipped.txt"
done

# The check the build does: no RS0016/RS0017 left (a removed shipped API shows up here).
for project in "${projects[@]}"; do
  if ! out=$(dotnet build "$project" -c Release --no-restore 2>&1); then
    echo "$out" | grep -E 'error RS00(16|17)' | sort -u >&2 || true
    echo "error: $project still fails to build (above: API entries the script cannot settle, such as a removed shipped API); fix them in $(dirname "$project")/PublicAPI.*.txt and run the script again." >&2
    exit 1
  fi
done
echo "Public API files are up to date; review 'git diff -- src/*/PublicAPI.*.txt'."
