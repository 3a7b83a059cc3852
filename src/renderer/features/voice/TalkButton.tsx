import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

type Props = {
  held: boolean;
  disabled: boolean;
  onTalk(action: 'press' | 'release'): void;
  describedBy?: string;
};

const isActivationKey = (event: KeyboardEvent) => event.code === 'Space' || event.key === 'Enter';

/** Hold to talk: pointer down/up, or Space/Enter held while the button has focus. */
export function TalkButton({ held, disabled, onTalk, describedBy }: Props) {
  const holding = useRef(false);
  const press = () => {
    if (holding.current || disabled) return;
    holding.current = true;
    onTalk('press');
  };
  const release = () => {
    if (!holding.current) return;
    holding.current = false;
    onTalk('release');
  };

  return (
    <button
      type="button"
      className={held ? 'talk-button talk-button-held' : 'talk-button'}
      aria-pressed={held}
      aria-describedby={describedBy}
      disabled={disabled}
      data-testid="talk-button"
      onPointerDown={(event: PointerEvent<HTMLButtonElement>) => {
        if (event.button !== 0) return;
        // Keeps the release coming here even when the pointer leaves the button.
        event.currentTarget.setPointerCapture(event.pointerId);
        press();
      }}
      onPointerUp={release}
      onPointerCancel={release}
      onLostPointerCapture={release}
      onKeyDown={(event) => {
        if (!isActivationKey(event)) return;
        event.preventDefault();
        if (!event.repeat) press();
      }}
      onKeyUp={(event) => {
        if (!isActivationKey(event)) return;
        event.preventDefault();
        release();
      }}
      onBlur={release}
      // A long touch would open the context menu and cancel the hold.
      onContextMenu={(event) => event.preventDefault()}
    >
      {held ? 'Listening… release to send' : 'Hold to talk'}
    </button>
  );
}
