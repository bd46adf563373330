package xlsxrows

import (
	"errors"
	"fmt"
	"io"
	"os"

	"igmc/indicators"
)

// OpenReader is Open for a workbook that comes as a stream (an upload,
// standard input): the library needs to seek, so the stream is first
// copied to a temporary file in lim.TempDir, never into memory, and
// refused past maxSize bytes. Close, or a failed OpenReader, removes the
// copy. An error of r itself (such as *http.MaxBytesError) is wrapped, so
// the caller can still tell it.
func OpenReader(r io.Reader, maxSize int64, lim Limits) (*Rows, error) {
	f, err := os.CreateTemp(lim.TempDir, "upload-*.xlsx")
	if err != nil {
		return nil, fmt.Errorf("xlsxrows: spool: %w", err)
	}
	drop := func() {
		_ = f.Close()
		_ = os.Remove(f.Name())
	}
	n, err := io.Copy(f, io.LimitReader(r, maxSize+1))
	var ie *indicators.Error
	switch {
	case errors.As(err, &ie):
		drop()
		return nil, ie
	case err != nil:
		drop()
		return nil, fmt.Errorf("xlsxrows: spool: %w", err)
	case n > maxSize:
		drop()
		return nil, indicators.Errorf(indicators.TooLarge, "the workbook is larger than %d MiB", maxSize>>20)
	}
	x, err := Open(f, lim)
	if err != nil {
		drop()
		return nil, err
	}
	x.spool = f
	return x, nil
}
