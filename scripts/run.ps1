# Runs Spoke Clinic in demo mode on Windows, installing what is missing first.
$ErrorActionPreference = "Stop"
. (Join-Path $PSScriptRoot "bootstrap.ps1")
& $Py -m desktop --demo @args
exit $LASTEXITCODE
