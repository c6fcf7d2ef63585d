package rollup

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// Amounts are stored exactly in two int64 columns each, so no sum the database takes can
// overflow: amount × 10^4 = hi × 10^9 + lo, with 0 <= lo < 10^9. Summing lo over a billion
// orgs stays inside int64, and hi grows only by amount / 10^5 per org. (A single int64 of
// amount × 10^4 wrapped at 9.2 × 10^14: two schools at that payroll broke the district.)
var (
	loBase   = big.NewInt(1_000_000_000)
	scaleE4  = decimal.New(1, 4)
	scaleE8  = decimal.New(1, 8)
	maxInt64 = big.NewInt(1<<63 - 1)
	minInt64 = big.NewInt(-1 << 63)
)

// split turns an amount into its stored (hi, lo) pair, rounding to 4 decimal places.
func split(d decimal.Decimal) (hi, lo int64, err error) {
	e4 := d.Mul(scaleE4).Round(0).BigInt()
	h, l := new(big.Int).DivMod(e4, loBase, new(big.Int)) // Euclidean: 0 <= l < 10^9
	if h.Cmp(maxInt64) > 0 || h.Cmp(minInt64) < 0 {
		return 0, 0, fmt.Errorf("amount %s is out of range", d.String())
	}
	return h.Int64(), l.Int64(), nil
}

// join turns summed (hi, lo) columns back into the exact amount.
func join(hi, lo int64) decimal.Decimal {
	e4 := new(big.Int).Mul(big.NewInt(hi), loBase)
	e4.Add(e4, big.NewInt(lo))
	return decimal.NewFromBigInt(e4, -4)
}

// clampE8 scales a per-org figure by 10^8 for ordering and showing the failing list (a ratio
// of 0.01495 must not show as 0.0150); figures beyond int64 (a ratio over a near-zero payroll)
// sort at the end, which is where they belong.
func clampE8(d decimal.Decimal) int64 {
	e8 := d.Mul(scaleE8).Round(0).BigInt()
	switch {
	case e8.Cmp(maxInt64) > 0:
		return 1<<63 - 1
	case e8.Cmp(minInt64) < 0:
		return -1 << 63
	}
	return e8.Int64()
}
