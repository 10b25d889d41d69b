<#
.SYNOPSIS
    Installs the lankeeper agent on a school Windows PC and registers its nightly scan.

.DESCRIPTION
    Run in an elevated PowerShell (Run as administrator), with Python 3.11 or newer installed
    for all users (python.org installer, "Install for all users"). It:
      1. makes the agent's own Python environment in  %ProgramFiles%\lankeeper\venv
         and installs the agent into it (pip install lankeeper, or -Wheel FILE);
      2. keeps the configuration and state in           %ProgramData%\lankeeper
         (agent.toml, enrollment.json with the token, outbox\, last-uptimes.json), readable only
         by SYSTEM and Administrators;
      3. registers the scheduled task "lankeeper agent": every night at -At (default 01:30) plus
         a random delay of up to -JitterMinutes (default 45), as SYSTEM, starting late if the PC
         was off; the task's history is in Task Scheduler, the agent's messages in
         %ProgramData%\lankeeper\last-run.log;
      4. with -Collector and -Code, enrolls the agent (a one-time code from the provider).
    Npcap (https://npcap.com) gives the agent raw ARP. Without it the agent falls back to the
    Windows neighbour table: it makes Windows ARP every address itself, then reads "arp -a".

.EXAMPLE
    .\install.ps1 -Collector https://lankeeper.example.org -Code K7QM-2XPA-9HRT
.EXAMPLE
    .\install.ps1 -Uninstall          # removes the task and the program, keeps ProgramData
    .\install.ps1 -Uninstall -Purge   # also removes the enrollment, outbox and configuration
#>
[CmdletBinding()]
param(
    [string]$Collector,
    [string]$Code,
    [string]$Wheel = "lankeeper",
    [string]$At = "01:30",
    [ValidateRange(0, 240)][int]$JitterMinutes = 45,
    [switch]$Uninstall,
    [switch]$Purge
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$TaskName = "lankeeper agent"
$ProgramDir = Join-Path $env:ProgramFiles "lankeeper"
$Venv = Join-Path $ProgramDir "venv"
$Agent = Join-Path $Venv "Scripts\lankeeper-agent.exe"
$StateDir = Join-Path $env:ProgramData "lankeeper"
$Config = Join-Path $StateDir "agent.toml"
$RunLog = Join-Path $StateDir "last-run.log"

function Assert-Administrator {
    $identity = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
    if (-not $identity.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw "Run this in an elevated PowerShell (right-click, Run as administrator)."
    }
}

function Find-Python {
    $launcher = Get-Command py.exe -ErrorAction SilentlyContinue
    if ($launcher) {
        $path = & $launcher.Source -3 -c "import sys; print(sys.executable if sys.version_info >= (3, 11) else '')"
        if ($LASTEXITCODE -eq 0 -and $path) { return $path.Trim() }
    }
    $python = Get-Command python.exe -ErrorAction SilentlyContinue
    if ($python) {
        $path = & $python.Source -c "import sys; print(sys.executable if sys.version_info >= (3, 11) else '')"
        if ($LASTEXITCODE -eq 0 -and $path) { return $path.Trim() }
    }
    throw "Python 3.11 or newer was not found: install it for all users from python.org, then run this again."
}

function Remove-Agent {
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false -ErrorAction SilentlyContinue
    if (Test-Path $ProgramDir) { Remove-Item -Recurse -Force $ProgramDir }
    if ($Purge -and (Test-Path $StateDir)) { Remove-Item -Recurse -Force $StateDir }
    Write-Host "lankeeper agent removed$(if ($Purge) { ', with its state and configuration' })."
}

function Install-Program {
    $python = Find-Python
    New-Item -ItemType Directory -Force -Path $ProgramDir | Out-Null
    & $python -m venv $Venv
    if ($LASTEXITCODE -ne 0) { throw "Could not create $Venv." }
    & (Join-Path $Venv "Scripts\python.exe") -m pip install --quiet --upgrade $Wheel
    if ($LASTEXITCODE -ne 0) { throw "pip could not install $Wheel into $Venv." }
}

function Initialize-State {
    New-Item -ItemType Directory -Force -Path $StateDir | Out-Null
    # The token and SNMP communities live here: SYSTEM and Administrators only.
    & icacls.exe $StateDir /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" | Out-Null
    if (-not (Test-Path $Config)) {
        Set-Content -Path $Config -Encoding UTF8 -Value @(
            "# lankeeper agent configuration: every key is optional; see agent.toml.sample",
            "# in the lankeeper source (packaging/agent.toml.sample) for all of them."
        )
    }
}

function Register-NightlyTask {
    $arguments = "/d /s /c `"`"$Agent`" scan --config `"$Config`" --quiet > `"$RunLog`" 2>&1`""
    $action = New-ScheduledTaskAction -Execute "$env:SystemRoot\System32\cmd.exe" -Argument $arguments
    $trigger = New-ScheduledTaskTrigger -Daily -At $At -RandomDelay (New-TimeSpan -Minutes $JitterMinutes)
    $settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -DontStopIfGoingOnBatteries `
        -AllowStartIfOnBatteries -ExecutionTimeLimit (New-TimeSpan -Minutes 15)
    $principal = New-ScheduledTaskPrincipal -UserId "SYSTEM" -LogonType ServiceAccount -RunLevel Highest
    Register-ScheduledTask -TaskName $TaskName -Action $action -Trigger $trigger -Settings $settings `
        -Principal $principal -Description "lankeeper: nightly inventory and health scan" -Force | Out-Null
}

function Show-ArpMethod {
    $npcap = Join-Path $env:SystemRoot "System32\Npcap\wpcap.dll"
    if (Test-Path $npcap) {
        Write-Host "Npcap found: the agent sweeps the network with raw ARP."
    } else {
        Write-Host "Npcap not found: the agent reads the Windows neighbour table instead (works; install Npcap from https://npcap.com for raw ARP)."
    }
}

Assert-Administrator
if ($Uninstall) { Remove-Agent; return }
Install-Program
Initialize-State
Register-NightlyTask
Show-ArpMethod
if ($Collector -and $Code) {
    & $Agent enroll --collector $Collector --code $Code --state-dir $StateDir
    if ($LASTEXITCODE -ne 0) { throw "Enrollment failed (see above); run the installer again with a new code." }
} else {
    Write-Host "Enroll once: & `"$Agent`" enroll --collector URL --code CODE"
}
Write-Host "Installed: $Agent; state and configuration in $StateDir; task '$TaskName' at $At (+ up to $JitterMinutes min)."
