#!/usr/bin/env bash
# Rewrites every output quoted in README.md and docs/*.md from real runs: each fenced block preceded by
# <!-- segment-output: COMMAND --> becomes what `segment COMMAND` prints (see tests/Segmentation.Cli.Tests/DocsOutputTests.cs).
# Run it after changing what the CLI prints, then read the diff and fix the prose around the blocks.
set -euo pipefail
cd "$(dirname "$0")/.."
SEGMENT_REGENERATE_DOCS=1 dotnet test tests/Segmentation.Cli.Tests -c Release --filter "FullyQualifiedName~DocsOutputTests" "$@"
git --no-pager diff --stat -- README.md docs
