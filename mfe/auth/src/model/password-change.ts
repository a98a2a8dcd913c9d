/** What the change-password form holds. */
export interface PasswordChangeForm {
  currentPassword: string
  password: string
  confirmation: string
}

export type PasswordChangeField = keyof PasswordChangeForm

/** The API's limits on a password (`UserPatch.password`). */
export const passwordLength = { min: 8, max: 200 }

/** What is wrong with the form before it is sent, per field; empty when it may be sent. */
export function passwordChangeProblems(form: PasswordChangeForm): Partial<Record<PasswordChangeField, string>> {
  const problems: Partial<Record<PasswordChangeField, string>> = {}
  if (!form.currentPassword) problems.currentPassword = 'Enter your current password.'
  if (form.password.length < passwordLength.min) problems.password = `Use at least ${passwordLength.min} characters.`
  else if (form.password.length > passwordLength.max) problems.password = `Use at most ${passwordLength.max} characters.`
  else if (form.password === form.currentPassword) problems.password = 'Choose a password different from the current one.'
  if (form.confirmation !== form.password) problems.confirmation = 'Does not match the new password.'
  return problems
}
