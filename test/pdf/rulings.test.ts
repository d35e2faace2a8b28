import { describe, expect, it } from 'vitest';
import { type Ruling, readPath } from '../../src/extract/pdf/rulings.js';
import type { PageFrame } from '../../src/extract/pdf/text-items.js';

// pdf.js path data: 0 moveTo x y, 1 lineTo x y, 2 curveTo (6), 3 quadraticCurveTo (4), 4 closePath.
const frame = { width: 600, height: 800 } as PageFrame;
const IDENTITY = [1, 0, 0, 1, 0, 0];

describe('readPath', () => {
  it('reads a closed rectangle (moveTo, three lineTo, closePath) as its four edges, in the transform', () => {
    const out: Ruling[] = [];
    readPath(out, [0, 10, 20, 1, 110, 20, 1, 110, 70, 1, 10, 70, 4], [1, 0, 0, 1, 5, 100], frame, false);
    expect(out).toEqual([
      { dir: 'h', x0: 15, y0: 120, x1: 115, y1: 120 },
      { dir: 'h', x0: 15, y0: 170, x1: 115, y1: 170 },
      { dir: 'v', x0: 15, y0: 120, x1: 15, y1: 170 },
      { dir: 'v', x0: 115, y0: 120, x1: 115, y1: 170 },
    ]);
  });

  it('reads every segment of a long polyline (more points than its first buffer holds) and a thin filled bar', () => {
    const out: Ruling[] = [];
    // A staircase of 200 steps: 400 segments, alternately horizontal and vertical, 5 units each.
    const data: number[] = [0, 0, 0];
    for (let k = 0; k < 200; k++) data.push(1, 5 * k + 5, 5 * k, 1, 5 * k + 5, 5 * k + 5);
    readPath(out, data, IDENTITY, frame, false);
    expect(out).toHaveLength(400);
    expect(out[0]).toEqual({ dir: 'h', x0: 0, y0: 0, x1: 5, y1: 0 });
    expect(out[399]).toEqual({ dir: 'v', x0: 1000, y0: 995, x1: 1000, y1: 1000 });
    const bar: Ruling[] = [];
    readPath(bar, [0, 0, 50, 1, 300, 50, 1, 300, 51, 1, 0, 51, 4], IDENTITY, frame, true);
    expect(bar).toEqual([{ dir: 'h', x0: 0, y0: 50.5, x1: 300, y1: 50.5 }]);
  });
});
