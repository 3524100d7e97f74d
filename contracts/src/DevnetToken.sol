// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title ERC-20 token of the devnet (WETH, WBTC, USDC stand-ins; the hedged exposure and buffer tokens).
/// @notice The ERC-20 read and transfer ABI with its events and OpenZeppelin 5's custom errors. Metadata lives in
/// storage and is set once by initialize(), not by a constructor, so that the devnet can place this code at the
/// addresses real markets name (anvil_setCode never runs a constructor). The initializer becomes the minter, the
/// only account that may mint, burn and set balances: tests move exposure and buffers with it.
contract DevnetToken {
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error ERC20InvalidReceiver(address receiver);
    error InvalidInitialization();
    error NotMinter(address account);

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    string public name;
    string public symbol;
    uint8 public decimals;
    uint256 public totalSupply;
    address public minter;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    function initialize(string calldata name_, string calldata symbol_, uint8 decimals_) external {
        if (minter != address(0)) revert InvalidInitialization();
        name = name_;
        symbol = symbol_;
        decimals = decimals_;
        minter = msg.sender;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
        return true;
    }

    function mint(address to, uint256 value) external {
        _onlyMinter();
        if (to == address(0)) revert ERC20InvalidReceiver(to);
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    /// @notice Sets a balance outright (minting or burning the difference), as a test moves a wallet.
    function setBalance(address account, uint256 value) external {
        _onlyMinter();
        uint256 old = balanceOf[account];
        balanceOf[account] = value;
        if (value >= old) {
            totalSupply += value - old;
            emit Transfer(address(0), account, value - old);
        } else {
            totalSupply -= old - value;
            emit Transfer(account, address(0), old - value);
        }
    }

    function _move(address from, address to, uint256 value) private {
        if (to == address(0)) revert ERC20InvalidReceiver(to);
        uint256 balance = balanceOf[from];
        if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
        balanceOf[from] = balance - value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }

    function _onlyMinter() private view {
        if (msg.sender != minter) revert NotMinter(msg.sender);
    }
}
