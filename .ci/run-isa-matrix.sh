#!/usr/bin/env bash
# Reruns the kernel tests with the wider instruction sets switched off, so that the Vector256, Vector128 and
# scalar paths are exercised as the primary path even on an AVX-512 machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build tests/Segmentation.Tests -c Release
for isa in "" DOTNET_EnableAVX512F=0 DOTNET_EnableAVX2=0 DOTNET_EnableHWIntrinsic=0; do
  echo "== kernel tests with ${isa:-all instruction sets}"
  env $isa dotnet test tests/Segmentation.Tests -c Release --no-build --filter "FullyQualifiedName~Kernels|FullyQualifiedName~KMeans"
done
