// The pages of the Sparkify app as the event logs record them. Form submissions (Login, Logout,
// Save Settings, Submit ...) are PUTs answered with a 307 redirect, as in the public logs.

export interface Page {
  name: string;
  /** `,"method":"GET","page":"Home"`: the two adjacent fields of an event line, escaped once. */
  fragment: string;
  status: number;
}

function page(name: string, method: 'GET' | 'PUT', status: number): Page {
  return { name, fragment: `,"method":"${method}","page":"${name}"`, status };
}

export const PAGES = {
  nextSong: page('NextSong', 'PUT', 200),
  home: page('Home', 'GET', 200),
  login: page('Login', 'PUT', 307),
  logout: page('Logout', 'PUT', 307),
  settings: page('Settings', 'GET', 200),
  saveSettings: page('Save Settings', 'PUT', 307),
  help: page('Help', 'GET', 200),
  about: page('About', 'GET', 200),
  upgrade: page('Upgrade', 'GET', 200),
  submitUpgrade: page('Submit Upgrade', 'PUT', 307),
  downgrade: page('Downgrade', 'GET', 200),
  submitDowngrade: page('Submit Downgrade', 'PUT', 307),
  error: page('Error', 'GET', 404),
} as const;
