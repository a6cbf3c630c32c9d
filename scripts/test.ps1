# Runs the whole test suite on Windows (offscreen Qt; the keyring is Credential Manager).
$ErrorActionPreference = "Stop"
. (Join-Path $PSScriptRoot "bootstrap.ps1")
$env:QT_QPA_PLATFORM = "offscreen"
Set-Location $Root
& $Py -m pytest @args
exit $LASTEXITCODE
