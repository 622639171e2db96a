export interface Segment {
  text: string
  bold: boolean
}

/** Split text on **bold** markers, the only Markdown the model's thoughts use. */
export function boldSegments(text: string): Segment[] {
  return text
    .split(/\*\*(.+?)\*\*/g)
    .map((part, i) => ({ text: part, bold: i % 2 === 1 }))
    .filter((s) => s.text)
}
