#!/usr/bin/env bash
# Reruns the tests of every SIMD code path (kernels, k-means, hierarchical, DBSCAN, silhouette) with the wider instruction sets switched off, so that the Vector256,
# Vector128 and scalar paths run as the primary path even on an AVX-512 machine (the kernel tests also call every
# path explicitly, but only this exercises the dispatch and the non-AVX-512 packing).
# Note: on .NET 10 the AVX-512 switch is DOTNET_EnableAVX512; DOTNET_EnableAVX512F=0 alone is ignored (checked with
# `dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- breakdown 1000 8 4`, whose first line
# names the path in use), so both are set.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Segmentation.Tests -c Release
# (The full suite, run first by .ci/run, covers "all instruction sets".)
for isa in "DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0" DOTNET_EnableAVX2=0 DOTNET_EnableHWIntrinsic=0; do
  echo "== kernel tests with ${isa:-all instruction sets}"
  env $isa dotnet test tests/Segmentation.Tests -c Release --no-build --filter "FullyQualifiedName~Kernels|FullyQualifiedName~KMeans|FullyQualifiedName~Hierarchical|FullyQualifiedName~Dbscan|FullyQualifiedName~Quality"
done
