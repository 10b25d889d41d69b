# Registers the lankeeper agent as a nightly scheduled task on a school Windows PC.
# Run in an elevated PowerShell after installing Python 3.11+ and `pip install lankeeper`.
# Without Npcap the agent uses the Windows neighbour table (arp -a) instead of raw ARP.
param(
    [string]$Config = "C:\ProgramData\lankeeper\agent.toml",
    [string]$At = "01:30"
)
$agent = (Get-Command lankeeper-agent.exe -ErrorAction Stop).Source
$scan = New-ScheduledTaskAction -Execute $agent -Argument "scan --config `"$Config`" --quiet"
$send = New-ScheduledTaskAction -Execute $agent -Argument "send"
$trigger = New-ScheduledTaskTrigger -Daily -At $At -RandomDelay (New-TimeSpan -Minutes 45)
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable -ExecutionTimeLimit (New-TimeSpan -Minutes 15)
Register-ScheduledTask -TaskName "lankeeper agent" -Action $scan, $send -Trigger $trigger `
    -Settings $settings -User "SYSTEM" -RunLevel Highest -Force
