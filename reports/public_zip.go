package reports

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"strconv"

	"igmc/indicators"
)

// zip is data.zip: the catalogue and every published figure as CSV.
func (d *publicData) zip(all *publicCards) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	add := func(name string, fn func(w *csv.Writer) error) error {
		f, err := zw.Create(name)
		if err != nil {
			return err
		}
		w := csv.NewWriter(f)
		if err := fn(w); err != nil {
			return err
		}
		w.Flush()
		return w.Error()
	}
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	f, err := zw.Create("catalogue.csv")
	if err != nil {
		return nil, err
	}
	if err := indicators.WriteCatalogue(f, d.Catalogue); err != nil {
		return nil, err
	}
	err = add("scorecards.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"zone_code", "year", "index", "points", "points_max", "grade", "coverage", "method_version"})
		for i, z := range d.Zones {
			for k, y := range d.Years {
				c := &all.of[i][k]
				g := ""
				if c.Points.Grade != nil {
					g = *c.Points.Grade
				}
				if err := w.Write([]string{z.Code, strconv.Itoa(y), num(c.Index.Score), num(&c.Points.Earned), num(&c.Points.Max), g,
					num(&c.Coverage), c.MethodVersion}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = add("perspectives.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"zone_code", "year", "perspective_code", "score", "rating", "points", "points_max"})
		for i, z := range d.Zones {
			for k, y := range d.Years {
				for _, p := range all.of[i][k].Perspectives {
					if err := w.Write([]string{z.Code, strconv.Itoa(y), p.Code, num(p.Score), string(p.Rating), num(&p.Points), num(&p.PointsMax)}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = add("values.csv", func(w *csv.Writer) error {
		_ = w.Write([]string{"zone_code", "indicator_code", "year", "value", "unit", "quality", "score", "rating"})
		for i, z := range d.Zones {
			for k, y := range d.Years {
				for _, ind := range d.Catalogue.Indicators {
					ic := all.yearValue(i, k, ind.Code)
					if ic == nil {
						continue
					}
					q, r := "", ""
					if ic.Quality != nil {
						q = string(*ic.Quality)
					}
					if ic.Rating != nil {
						r = string(*ic.Rating)
					}
					if err := w.Write([]string{z.Code, ind.Code, strconv.Itoa(y), num(ic.Value), ind.Unit, q, num(ic.Score), r}); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
