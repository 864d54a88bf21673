/** The demo's runner (`weekwise demo`): named in the command's help, which loads nothing else of the demo. */
export const DEMO_RUNNER_EMAIL = 'demo.runner@weekwise.local';
