import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * A secret the API shows once (a new API key, a webhook signing secret): the value, a copy button and the warning.
 * It lives in the caller's state only: closing it forgets the secret.
 */
export function SecretReveal({
  title,
  secret,
  onClose,
  children,
}: {
  title: string;
  secret: string;
  onClose(): void;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  const headingId = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <section ref={ref} className="card ops-secret" aria-labelledby={headingId} tabIndex={-1}>
      <h3 id={headingId}>{title}</h3>
      <p className="ops-secret-warning">
        <strong>Copy it now: you will not see it again.</strong> Copydesk stores only a hash of it.
      </p>
      <p className="secret">
        <code data-testid="secret">{secret}</code>
      </p>
      {children}
      <div className="actions">
        <button type="button" className="button button-primary" onClick={copy}>
          Copy
        </button>
        <button type="button" className="button" onClick={onClose}>
          Done, I have stored it
        </button>
        <span role="status" className="muted">
          {copied === 'yes'
            ? 'Copied to the clipboard.'
            : copied === 'no'
              ? 'Copying was refused: select it and copy it by hand.'
              : ''}
        </span>
      </div>
    </section>
  );
}

/** A destructive action asked twice: the button turns into "Really …? Yes / Cancel" in place. */
export function ConfirmButton({
  label,
  name,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  danger = true,
}: {
  label: string;
  /** What a screen reader says for the button, when the visible label needs its context (e.g. "Revoke CI"). */
  name?: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm(): void | Promise<void>;
  disabled?: boolean;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        className={danger ? 'button button-danger' : 'button'}
        disabled={disabled}
        aria-label={name}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of two buttons, not a form control set
    <span className="ops-confirm" role="group" aria-label={name ?? label}>
      <span>{question}</span>
      <button
        ref={yes}
        type="button"
        className="button button-danger"
        disabled={disabled}
        onClick={async () => {
          await onConfirm();
          setAsking(false);
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
