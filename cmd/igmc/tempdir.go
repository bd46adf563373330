package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
)

// Temporary files (a workbook being read, the spreadsheet library's own)
// live in the data dir's tmp folder, never in the system's: each run of
// the program has a folder of its own there, named after its process id,
// removed when it ends. At start a run removes the folders of runs that
// are no longer running (killed, crashed), so nothing left behind
// survives the next start, while a server and a command-line import
// running side by side keep each other's files.

// openTempDir clears what ended runs left in dataDir/tmp and makes this
// run's folder. The returned function removes it.
func openTempDir(dataDir string) (string, func(), error) {
	root := filepath.Join(dataDir, "tmp")
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", nil, fmt.Errorf("temporary folder: %w", err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return "", nil, fmt.Errorf("temporary folder: %w", err)
	}
	for _, e := range entries {
		if pid, ok := folderPID(e.Name()); ok && pid != os.Getpid() && running(pid) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
			return "", nil, fmt.Errorf("temporary folder: %w", err)
		}
	}
	dir, err := os.MkdirTemp(root, strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return "", nil, fmt.Errorf("temporary folder: %w", err)
	}
	return dir, func() { _ = os.RemoveAll(dir) }, nil
}

// folderPID reads the process id a run's folder is named after.
func folderPID(name string) (int, bool) {
	p, _, ok := strings.Cut(name, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(p)
	return pid, err == nil && pid > 0
}

// running reports whether a process with the id exists. Where that cannot
// be asked (Windows), every folder is taken as in use.
func running(pid int) bool {
	if runtime.GOOS == "windows" {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
