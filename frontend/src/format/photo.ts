// Photos before upload: a phone's 12-megapixel picture (4 MB and more) is scaled down in the
// browser to at most 1600 px on its long side as a JPEG of quality 0.85, unless the field keeps
// originals. PDFs, other files and images already small enough go up as they are.

/** The longest side, in pixels, of an uploaded photo. */
export const MAX_PHOTO_SIDE = 1600
/** The JPEG quality of a scaled-down photo. */
export const PHOTO_QUALITY = 0.85

/** The size a w×h image is scaled to: at most max on its long side, proportions kept, never enlarged. */
export function scaledSize(w: number, h: number, max = MAX_PHOTO_SIDE): { width: number; height: number; scaled: boolean } {
  if (!(w > 0 && h > 0)) return { width: 0, height: 0, scaled: false }
  if (w <= max && h <= max) return { width: w, height: h, scaled: false }
  const k = max / Math.max(w, h)
  return { width: Math.max(1, Math.round(w * k)), height: Math.max(1, Math.round(h * k)), scaled: true }
}

/** Whether a file is a photo the browser can scale (JPEG, PNG or WebP). */
export function isScalablePhoto(type: string): boolean {
  return type === 'image/jpeg' || type === 'image/png' || type === 'image/webp'
}

/** The file name with a .jpg extension, for the scaled-down JPEG. */
export function jpegName(name: string): string {
  const base = name.replace(/\.[^./\\]*$/, '')
  return (base || 'photo') + '.jpg'
}

/**
 * The file to upload: a photo scaled down to MAX_PHOTO_SIDE as JPEG, or the file itself when it is
 * not a scalable photo, already small enough, to be kept as taken, or when the browser cannot read it.
 */
export async function preparePhoto(file: File, keepOriginal = false): Promise<File> {
  if (keepOriginal || !isScalablePhoto(file.type) || typeof createImageBitmap !== 'function') return file
  let bmp: ImageBitmap
  try {
    bmp = await createImageBitmap(file) // upright: the EXIF orientation is applied
  } catch {
    return file
  }
  try {
    const size = scaledSize(bmp.width, bmp.height)
    if (!size.scaled) return file
    const canvas = document.createElement('canvas')
    canvas.width = size.width
    canvas.height = size.height
    const ctx = canvas.getContext('2d')
    if (!ctx) return file
    ctx.fillStyle = '#fff' // a transparent PNG reads as on white paper, not black
    ctx.fillRect(0, 0, size.width, size.height)
    ctx.imageSmoothingQuality = 'high'
    ctx.drawImage(bmp, 0, 0, size.width, size.height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', PHOTO_QUALITY))
    if (!blob) return file
    return new File([blob], jpegName(file.name), { type: 'image/jpeg', lastModified: file.lastModified })
  } finally {
    bmp.close()
  }
}
