/** Offers `value` as a JSON file named `fileName` to save, as a download of the page. */
export function downloadJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // The download has its own copy once started; the URL is let go on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
