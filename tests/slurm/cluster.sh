#!/bin/sh
# tests/slurm/cluster.sh — a real one-node Slurm cluster for the slurm suite, in its own folder.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: cluster.sh start DIR   starts munged (unless one runs), slurmctld and slurmd with
#                               DIR/slurm.conf; prints the SLURM_CONF to use
#        cluster.sh stop DIR    stops what start started, by the PIDs it recorded
# Exit 77 when the cluster cannot be had here (not root, Slurm or munge not installed): the
# caller skips, saying why. Debian 12's slurm-wlm 22.05 and munge, as root, without systemd.
# Its ports are not Slurm's defaults, so a real cluster on the machine is left alone.
set -eu

what=${1:-}
dir=${2:-}
[ -n "$what" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

stop_pid_file() {
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if kill "$pid" 2>/dev/null; then
    # A daemon's shutdown takes a moment; wait for it, not for a clock.
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  fi
  rm -f "$1"
}

case "$what" in
stop)
  stop_pid_file "$dir/slurmd.pid"
  stop_pid_file "$dir/slurmctld.pid"
  stop_pid_file "$dir/munged.pid"
  exit 0 ;;
start) ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac

if [ "$(id -u)" != 0 ]; then
  echo "the one-node cluster runs its daemons as root; this user is not root" >&2
  exit 77
fi
for tool in munged slurmctld slurmd sbatch squeue; do
  command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$tool is not installed (Debian packages slurm-wlm and munge)" >&2
    exit 77
  }
done
[ -f /etc/munge/munge.key ] || { echo "munge has no key (/etc/munge/munge.key)" >&2; exit 77; }

mkdir -p "$dir/state" "$dir/spool" "$dir/log" /run/munge
chown munge:munge /run/munge
host=$(hostname)
cat > "$dir/slurm.conf" <<CONF
ClusterName=lb
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
MinJobAge=3600
NodeName=$host CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"

# munged may serve another user of the machine already: then it is left running and alone.
if ! munge -n >/dev/null 2>&1; then
  munged --force --pid-file="$dir/munged.pid" 2>"$dir/log/munged.err" || {
    echo "munged did not start: $(cat "$dir/log/munged.err")" >&2; exit 77; }
fi
slurmctld || { echo "slurmctld did not start (see $dir/log/slurmctld.log)" >&2; exit 77; }
slurmd 2>"$dir/log/slurmd.err" || { echo "slurmd did not start (see $dir/log/slurmd.log)" >&2; exit 77; }

# Ready when the node is idle: wait for that condition (a minute at most, then give up).
i=0
until sinfo -h -o %t 2>/dev/null | grep -qx idle; do
  i=$((i + 1))
  if [ $i -gt 600 ]; then
    echo "the node never became idle: $(sinfo 2>&1 | tail -1)" >&2
    "$0" stop "$dir"
    exit 77
  fi
  sleep 0.1
done
echo "$SLURM_CONF"
